//! `--help` speaks the UI language: Chinese by default, English with `--lang en` or the config,
//! with the same command names, flags and placeholders, and the same exit codes.

use crate::support::Env;

fn lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim_end).collect()
}

#[test]
fn help_is_chinese_by_default() {
    let env = Env::new();
    let help = env.ok(&["--help"]);
    let help = lines(&help);
    for line in [
        "jidi 基地 — 广东省国际科技合作基地管理控制台",
        "用法：jidi [OPTIONS] [COMMAND]",
        "命令：",
        "  list             列出基地，可筛选、可搜索",
        "  help             显示本帮助，或给定子命令的帮助",
        "选项：",
        "      --lang <zh|en>        消息和表格的语言：zh 中文 | en 英文",
        "  -h, --help                显示帮助",
        "  -V, --version             显示版本",
    ] {
        assert!(
            help.contains(&line),
            "{line:?} not in:\n{}",
            help.join("\n")
        );
    }
    assert!(
        help.iter().any(|l| l.starts_with("退出码：0 成功 · 1 ")),
        "{help:?}"
    );

    let mark = env.ok(&["mark", "--help"]);
    let mark = lines(&mark);
    for line in [
        "用法：jidi mark [OPTIONS] <ID… OUTCOME> <ID… OUTCOME>...",
        "参数：",
        "      --date <YYYY-MM-DD>   评估日期（默认今天）",
        "      --score <SCORE>       得分 0–100",
        "  -h, --help                显示帮助",
    ] {
        assert!(
            mark.contains(&line),
            "{line:?} not in:\n{}",
            mark.join("\n")
        );
    }
    // The same page through the help subcommand, and `-h`.
    assert_eq!(env.ok(&["help", "mark"]), env.ok(&["mark", "--help"]));
    assert_eq!(env.ok(&["mark", "-h"]), env.ok(&["mark", "--help"]));
    let list = env.ok(&["list", "-h"]);
    assert!(
        list.contains(
            "--format <FORMAT>      输出格式（json：一个 JSON 数组；jsonl：每行一个 JSON 对象） [默认：table] [可选：table、json、jsonl、csv]"
        ),
        "{list}"
    );
    assert!(
        !list.contains("Usage") && !list.contains("Options"),
        "{list}"
    );
}

#[test]
fn help_is_english_with_lang_en_or_the_config() {
    let env = Env::new();
    let help = env.ok(&["--help", "--lang", "en"]);
    let help = lines(&help);
    for line in [
        "jidi 基地 — 广东省国际科技合作基地管理控制台 / console for Guangdong's provincial international S&T cooperation bases",
        "Usage: jidi [OPTIONS] [COMMAND]",
        "Commands:",
        "  list             List bases, filtered and searched",
        "  help             Print this message or the help of the given subcommand(s)",
        "  -h, --help                Print help",
        "  -V, --version             Print version",
    ] {
        assert!(
            help.contains(&line),
            "{line:?} not in:\n{}",
            help.join("\n")
        );
    }
    assert!(
        !help
            .iter()
            .any(|l| l.contains("用法") || l.contains("显示帮助"))
    );

    std::fs::write(env.dir.path().join("config.toml"), "lang = \"en\"\n").unwrap();
    let mark = env.ok(&["mark", "--help"]);
    let mark = lines(&mark);
    for line in [
        "Usage: jidi mark [OPTIONS] <ID… OUTCOME> <ID… OUTCOME>...",
        "Arguments:",
        "      --score <SCORE>       Score 0–100",
        "  -h, --help                Print help",
    ] {
        assert!(
            mark.contains(&line),
            "{line:?} not in:\n{}",
            mark.join("\n")
        );
    }
    // `--lang zh` wins over the config.
    assert!(
        env.ok(&["mark", "--help", "--lang", "zh"])
            .contains("用法：jidi mark")
    );
}

#[test]
fn help_and_version_exit_0_and_usage_errors_exit_2_in_either_language() {
    let env = Env::new();
    for lang in ["zh", "en"] {
        for args in [
            &["--help"][..],
            &["-h"],
            &["mark", "--help"],
            &["help", "risk", "add"],
            &["-V"],
        ] {
            // `--lang` first: after `help`, clap reads every word as a subcommand name.
            let out = env.run(&[&["--lang", lang][..], args].concat());
            assert_eq!(out.status.code(), Some(0), "{args:?} {lang}");
            assert!(
                !out.stdout.is_empty() && out.stderr.is_empty(),
                "{args:?} {lang}"
            );
        }
        for args in [
            &["mark"][..],
            &["help", "frobnicate"],
            &["list", "--format", "xml"],
        ] {
            env.fails(&[&["--lang", lang][..], args].concat(), 2);
        }
    }
    let err = env.fails(&["help", "frobnicate"], 2);
    assert!(err.starts_with("错误：未知子命令 'frobnicate'"), "{err}");
}

#[test]
fn completions_describe_commands_in_the_ui_language() {
    let env = Env::new();
    for shell in ["zsh", "fish"] {
        let zh = env.ok(&["completions", shell]);
        assert!(zh.contains("列出基地，可筛选、可搜索"), "{shell}");
        assert!(!zh.contains("List bases"), "{shell}");
        let en = env.ok(&["completions", shell, "--lang", "en"]);
        assert!(en.contains("List bases, filtered and searched"), "{shell}");
        // The same commands and flags either way.
        for word in ["report-submit", "if-version", "dry-run"] {
            assert!(zh.contains(word) && en.contains(word), "{shell} {word}");
        }
    }
}

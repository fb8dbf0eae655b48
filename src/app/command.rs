//! The `:` command line: every action has a command, with Tab completion.
//!
//! `:filter 类型=联合研究类 地区=珠三角 评估=不合格 状态=已认定` (or `category= region= outcome=
//! status=`; values comma-separated; `:filter` alone clears), `:sort 状态 [desc]`, `:mark 合格`,
//! `:view save NAME`, `:view NAME`, `:goto GDICB-2025-0007`, `:search TEXT`, `:triage`,
//! `:dashboard`, `:bases`, `:excuse REASON` (the base's last absence had a justification, A14.2),
//! `:help`, `:lang zh|en`, `:q`.

use super::list::{Column, Sort};
use super::overlay::Overlay;
use super::{App, Effect, SavedView, Screen};
use crate::domain::codes::{Category, Code, Outcome, RegionGroup, Status};
use crate::domain::text::{Lang, Refusal};
use crate::filter::Filter;
use crate::service::Request;
use crate::text;

/// The commands with what they do, for help.
pub const HELP: &[(&str, &str, &str)] = &[
    (
        ":filter 类型=… 地区=… 评估=… 状态=…",
        "筛选（值可用逗号分隔；无参数则清除）",
        "filter (values comma-separated; none clears)",
    ),
    (":sort 列 [desc]", "按列排序", "sort by a column"),
    (
        ":mark 结果 [轮次=… 日期=… 评分=…]",
        "标记评估结果",
        "mark an evaluation outcome",
    ),
    (
        ":excuse 理由",
        "记录未参加/中途退出的正当理由（A14.2）",
        "record why an absence was justified (A14.2)",
    ),
    (
        ":view save 名称 / :view 名称 / :view delete 名称",
        "保存、打开、删除共享视图",
        "save, open, delete a shared view",
    ),
    (":goto 编号", "打开基地", "open a base"),
    (":search 文本", "搜索", "search"),
    (":triage  :dashboard  :bases", "切换页面", "switch screens"),
    (":lang zh|en", "切换语言", "switch language"),
    (":q", "退出", "quit"),
];

const COMMANDS: &[&str] = &[
    "excuse",
    "filter",
    "sort",
    "mark",
    "view",
    "goto",
    "search",
    "triage",
    "dashboard",
    "bases",
    "help",
    "lang",
    "quit",
];

const FILTER_KEYS: &[(&str, &str)] = &[
    ("类型", "category"),
    ("地区", "region"),
    ("评估", "outcome"),
    ("状态", "status"),
];

fn filter_key(key: &str) -> Option<&'static str> {
    FILTER_KEYS
        .iter()
        .find(|(zh, en)| key == *zh || key.eq_ignore_ascii_case(en))
        .map(|(_, en)| *en)
}

/// Parses `类型=联合研究类 地区=珠三角 …` into a filter; an unknown key or value is refused by name.
pub fn parse_filter(
    args: &[&str],
    policy: &crate::domain::policy::Policy,
) -> Result<Filter, Refusal> {
    let mut filter = Filter::default();
    for arg in args {
        let (key, value) = arg.split_once('=').ok_or_else(|| {
            Refusal::input(text!(
                "「{arg}」应写作 键=值，如 类型=联合研究类",
                "'{arg}' should be KEY=VALUE, e.g. category=featured"
            ))
        })?;
        match filter_key(key) {
            Some("category") => filter.set_categories(value)?,
            Some("region") => filter.set_regions(value, policy)?,
            Some("outcome") => filter.set_outcomes(value)?,
            Some("status") => filter.set_statuses(value)?,
            _ => {
                return Err(Refusal::input(text!(
                    "未知的筛选项「{key}」；可用：类型 地区 评估 状态",
                    "unknown filter '{key}'; expected category, region, outcome or status"
                )));
            }
        }
    }
    Ok(filter)
}

/// Runs one command line; problems become a notice.
pub fn run(app: &mut App, line: &str) -> Vec<Effect> {
    match execute(app, line) {
        Ok(effects) => effects,
        Err(refusal) => {
            app.warn(refusal.text);
            Vec::new()
        }
    }
}

fn execute(app: &mut App, line: &str) -> Result<Vec<Effect>, Refusal> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((&command, args)) = words.split_first() else {
        return Ok(Vec::new());
    };
    match command {
        "filter" | "f" | "筛选" => {
            app.list.filter = parse_filter(args, &app.policy)?;
            app.refresh_list();
            app.refresh_triage();
            if app.screen == Screen::Detail || app.screen == Screen::Dashboard {
                app.screen = Screen::Bases;
            }
        }
        "sort" | "排序" => {
            let column = args.first().and_then(|c| Column::parse(c)).ok_or_else(|| {
                let names: Vec<&str> = Column::ALL.iter().map(|c| c.label(Lang::Zh)).collect();
                Refusal::input(text!(
                    ["排序需要列名：{}", names.join(" ")],
                    ["sort needs a column: id name category city status outcome badges"]
                ))
            })?;
            let descending = args
                .get(1)
                .is_some_and(|d| matches!(*d, "desc" | "降序" | "-"));
            app.list.sort = Sort { column, descending };
            app.refresh_list();
        }
        "mark" | "标记" => {
            let outcome = args
                .first()
                .and_then(|o| super::mark::parse_outcome(o))
                .ok_or_else(|| {
                    Refusal::input(text!(
                        "用法：:mark 优秀|合格|不合格|未参加|中途退出 [轮次=… 日期=YYYY-MM-DD 评分=0–100]",
                        "usage: :mark excellent|qualified|unqualified|absent|withdrew [round=… date=YYYY-MM-DD score=0–100]"
                    ))
                })?;
            // The rest prefill the confirmation; anything else is refused rather than ignored.
            let mut prefill: Vec<(&str, &str)> = Vec::new();
            for arg in &args[1..] {
                let field = arg.split_once('=').and_then(|(k, v)| {
                    let key = match k {
                        "轮次" | "round" => "round",
                        "日期" | "date" => "date",
                        "评分" | "score" => "score",
                        _ => return None,
                    };
                    Some((key, v))
                });
                prefill.push(field.ok_or_else(|| {
                    Refusal::input(text!(
                        "「{arg}」不是 轮次=… 日期=… 评分=… 之一",
                        "'{arg}' is not one of round=… date=… score=…"
                    ))
                })?);
            }
            app.start_mark(Some(outcome));
            if let Some(Overlay::MarkConfirm(confirm)) = &mut app.overlay {
                for (key, value) in prefill {
                    match key {
                        "round" => confirm.round.set(value),
                        "date" => confirm.date.set(value),
                        _ => confirm.score.set(value),
                    }
                }
                super::mark::refresh_previews(confirm, &app.policy, app.today, &app.mark_bases);
            }
        }
        "view" | "视图" => return view(app, args),
        "goto" | "g" | "跳转" => {
            let id = args
                .first()
                .ok_or_else(|| Refusal::input(text!("用法：:goto 编号", "usage: :goto ID")))?;
            let id = id.to_uppercase();
            if app.row(&id).is_none() {
                return Err(Refusal::input(text!(
                    "没有编号为「{id}」的基地",
                    "no base with id '{id}'"
                )));
            }
            if let Some(pos) = app
                .list
                .visible
                .iter()
                .position(|v| app.rows[v.row as usize].id == id)
            {
                app.list.move_to(pos);
                app.list.scroll_into_view(app.page_height());
            }
            app.open_detail(&id);
        }
        "excuse" | "说明" => {
            let id = app
                .current_id()
                .ok_or_else(|| Refusal::input(text!("先选中一个基地", "select a base first")))?;
            let reason = args.join(" ");
            if reason.is_empty() {
                return Err(Refusal::input(text!(
                    "用法：:excuse 正当理由",
                    "usage: :excuse REASON"
                )));
            }
            app.writing = true;
            return Ok(vec![Effect::Write(Request::Excuse {
                id,
                reason,
                date: app.today,
            })]);
        }
        "search" | "搜索" => {
            app.screen = Screen::Bases;
            return Ok(app.search_for(args.join(" ")));
        }
        "triage" | "待办" => app.screen = Screen::Triage,
        "dashboard" | "总览" => app.screen = Screen::Dashboard,
        "bases" | "列表" => app.screen = Screen::Bases,
        "help" | "帮助" => app.overlay = Some(Overlay::Help { scroll: 0 }),
        "lang" | "语言" => {
            app.lang = args
                .first()
                .and_then(|l| Lang::parse(l))
                .ok_or_else(|| Refusal::input(text!("用法：:lang zh|en", "usage: :lang zh|en")))?;
        }
        "q" | "quit" | "退出" => {
            app.quit = true;
            return Ok(vec![Effect::Quit]);
        }
        other => {
            return Err(Refusal::input(text!(
                ["未知命令「{other}」；可用：{}", COMMANDS.join(" ")],
                ["unknown command '{other}'; try: {}", COMMANDS.join(" ")]
            )));
        }
    }
    Ok(Vec::new())
}

fn view(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    match args {
        ["delete", name @ ..] if !name.is_empty() => {
            let name = name.join(" ");
            app.views.retain(|(n, _)| *n != name);
            app.writing = true;
            Ok(vec![Effect::Write(Request::DeleteView { name })])
        }
        ["save", name @ ..] if !name.is_empty() => {
            let name = name.join(" ");
            let view = SavedView {
                filter: app.list.filter.clone(),
                sort: app.list.sort,
                columns: app.list.columns.clone(),
            };
            let json = serde_json::to_string(&view).expect("a view serializes");
            app.views.retain(|(n, _)| *n != name);
            app.views.push((name.clone(), view));
            app.writing = true;
            Ok(vec![Effect::Write(Request::SaveView { name, json })])
        }
        [] => {
            let names: Vec<&str> = app.views.iter().map(|(n, _)| n.as_str()).collect();
            let list = if names.is_empty() {
                "—".to_string()
            } else {
                names.join("、")
            };
            app.notify(text!("已保存的视图：{list}", "saved views: {list}"));
            Ok(Vec::new())
        }
        name => {
            let name = name.join(" ");
            let view = app
                .views
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| {
                    Refusal::input(text!("没有名为「{name}」的视图", "no view named '{name}'"))
                })?;
            app.apply_view(&view);
            app.screen = Screen::Bases;
            app.notify(text!("视图「{name}」", "view '{name}'"));
            Ok(Vec::new())
        }
    }
}

/// Candidates for the word being typed.
fn candidates(app: &App, words: &[&str], last: &str) -> Vec<String> {
    let lang = app.lang;
    match words {
        [] => COMMANDS.iter().map(|c| c.to_string()).collect(),
        ["filter" | "f" | "筛选", ..] => match last.split_once('=') {
            None => FILTER_KEYS
                .iter()
                .map(|(zh, en)| format!("{}=", if lang == Lang::Zh { zh } else { en }))
                .collect(),
            Some((key, _)) => {
                let values: Vec<String> = match filter_key(key) {
                    Some("category") => Category::all()
                        .iter()
                        .map(|c| c.label(lang).to_string())
                        .collect(),
                    Some("region") => RegionGroup::all()
                        .iter()
                        .map(|g| g.label(lang).to_string())
                        .chain(app.policy.cities.iter().map(|c| {
                            if lang == Lang::Zh {
                                c.name.clone()
                            } else {
                                c.pinyin.clone()
                            }
                        }))
                        .collect(),
                    Some("outcome") => Outcome::all()
                        .iter()
                        .map(|o| o.label(lang).to_string())
                        .collect(),
                    Some("status") => Status::all()
                        .iter()
                        .map(|s| s.label(lang).to_string())
                        .collect(),
                    _ => Vec::new(),
                };
                values.into_iter().map(|v| format!("{key}={v}")).collect()
            }
        },
        ["sort" | "排序"] => Column::ALL
            .iter()
            .map(|c| c.label(lang).to_string())
            .collect(),
        ["mark" | "标记"] => super::overlay::OUTCOMES
            .iter()
            .map(|o| o.label(lang).to_string())
            .collect(),
        ["view" | "视图"] => std::iter::once("save".to_string())
            .chain(app.views.iter().map(|(n, _)| n.clone()))
            .collect(),
        ["goto" | "g" | "跳转"] => app.rows.iter().map(|r| r.id.clone()).collect(),
        ["lang" | "语言"] => vec!["zh".into(), "en".into()],
        _ => Vec::new(),
    }
}

/// Tab on the command line: completes the last word, cycling through the candidates.
pub fn complete(app: &mut App) {
    let Some(line) = &app.input else { return };
    let value = line.field.value().to_string();
    let ends_with_space = value.ends_with(' ') || value.is_empty();
    let mut words: Vec<&str> = value.split_whitespace().collect();
    let last = if ends_with_space {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    // Cycling: if the last word is one of the shown candidates, move to the next one.
    let shown = line.completions.clone();
    let (prefix_source, cycling) = match shown.iter().position(|c| c == last) {
        Some(i) => (shown[(i + 1) % shown.len()].clone(), true),
        None => (String::new(), false),
    };
    let all = candidates(app, &words, last);
    let matches: Vec<String> = if cycling {
        shown
    } else {
        all.into_iter()
            .filter(|c| c.starts_with(last))
            .take(200)
            .collect()
    };
    let Some(line) = &mut app.input else { return };
    let pick = if cycling {
        Some(prefix_source)
    } else {
        matches.first().cloned()
    };
    if let Some(pick) = pick {
        let mut text = words.join(" ");
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&pick);
        if matches.len() == 1 && !pick.ends_with('=') {
            text.push(' ');
        }
        line.field.set(&text);
    }
    line.completions = if matches.len() > 1 {
        matches
    } else {
        Vec::new()
    };
}

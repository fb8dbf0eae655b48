//! The `:` command line. Every command is one entry of [`COMMANDS`]: its names, how it is
//! written and what it does (help is built from them), what it does (`run`), and what may follow
//! it (Tab completion) — so help, dispatch and completion cannot drift apart.
//!
//! `:filter 类型=联合研究类 地区=珠三角 评估=不合格 状态=已认定` (or `category= region= outcome=
//! status=`; values comma-separated; `:filter` alone clears), `:sort 状态 [desc]`, `:mark 合格`,
//! `:view save NAME`, `:view NAME`, `:goto GDICB-2025-0007`, `:search TEXT`, `:triage`,
//! `:dashboard`, `:calendar`, `:bases`, `:excuse REASON` (the base's last absence had a
//! justification, A14.2), `:follow 指派=… 状态=… 再看=… 备注=…` (the finding under the cursor,
//! as `jidi follow`), `:note TEXT` (a work record),
//! `:help`, `:lang zh|en`, `:q`.

use super::list::{Column, Sort};
use super::overlay::Overlay;
use super::{App, Effect, SavedView, Screen};
use crate::domain::codes::{Category, Code, Outcome, RegionGroup, Status};
use crate::domain::text::{Lang, Refusal};
use crate::filter::Filter;
use crate::service::Request;
use crate::text;

type Run = fn(&mut App, &[&str]) -> Result<Vec<Effect>, Refusal>;
type Complete = fn(&App, &[&str], &str) -> Vec<String>;

pub struct Command {
    /// The name, then the others it answers to (short, Chinese).
    pub names: &'static [&'static str],
    /// What follows the name, for help: `类型=… 地区=…`.
    pub args: &'static str,
    /// What it does, in Chinese and English.
    pub about: (&'static str, &'static str),
    run: Run,
    /// Candidates for the word being typed after the name, given the words before it.
    complete: Complete,
}

impl Command {
    /// How it is written, for help: `:sort 列 [desc]`.
    pub fn usage(&self) -> String {
        match self.args {
            "" => format!(":{}", self.names[0]),
            args => format!(":{} {args}", self.names[0]),
        }
    }

    /// The other names it answers to, for help: `:f :筛选`.
    pub fn aliases(&self) -> String {
        self.names[1..]
            .iter()
            .map(|n| format!(":{n}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Nothing to complete.
fn nothing(_: &App, _: &[&str], _: &str) -> Vec<String> {
    Vec::new()
}

pub const COMMANDS: &[Command] = &[
    Command {
        names: &["filter", "f", "筛选"],
        args: "类型=… 地区=… 评估=… 状态=…",
        about: (
            "筛选（值可用逗号分隔；无参数则清除）",
            "filter (values comma-separated; none clears)",
        ),
        run: filter,
        complete: complete_filter,
    },
    Command {
        names: &["sort", "排序"],
        args: "列 [desc]",
        about: ("按列排序", "sort by a column"),
        run: sort,
        complete: complete_sort,
    },
    Command {
        names: &["mark", "标记"],
        args: "结果 [轮次=… 日期=… 评分=…]",
        about: ("标记评估结果", "mark an evaluation outcome"),
        run: mark,
        complete: complete_mark,
    },
    Command {
        names: &["excuse", "说明"],
        args: "理由",
        about: (
            "记录未参加/中途退出的正当理由（A14.2）",
            "record why an absence was justified (A14.2)",
        ),
        run: excuse,
        complete: nothing,
    },
    Command {
        names: &["follow", "跟进"],
        args: "指派=用户|me 状态=… 再看=日期|无 备注=…",
        about: (
            "跟进光标所在的问题（同 jidi follow）；Tab 补全用户",
            "follow up the finding under the cursor (as jidi follow); Tab completes users",
        ),
        run: super::follow::command,
        complete: super::follow::complete,
    },
    Command {
        names: &["note", "记录"],
        args: "内容",
        about: (
            "给光标所在的基地添加工作记录（注明光标所在的问题）",
            "add a work record to the base under the cursor (citing the finding under it)",
        ),
        run: super::follow::note_command,
        complete: nothing,
    },
    Command {
        names: &["view", "视图"],
        args: "[save|delete] 名称",
        about: (
            "打开、保存、删除共享视图；无参数则列出",
            "open, save or delete a shared view; none lists them",
        ),
        run: view,
        complete: complete_view,
    },
    Command {
        names: &["goto", "g", "跳转"],
        args: "编号",
        about: ("打开基地", "open a base"),
        run: goto,
        complete: complete_goto,
    },
    Command {
        names: &["history", "log", "历史"],
        args: "[编号] [用户=…] [自=日期] [至=日期]",
        about: (
            "历史记录（谁、何时、何操作、改了什么），可按基地、用户、日期筛选",
            "the history (who, when, which command, what changed), by base, user, dates",
        ),
        run: super::history::command,
        complete: super::history::complete,
    },
    Command {
        names: &["import-outcomes", "导入评估"],
        args: "文件",
        about: (
            "导入第三方评估结果表（CSV/XLSX）：先演练，按 y 一次记录全部",
            "import an evaluator's results sheet (CSV/XLSX): a dry run first, y records it all",
        ),
        run: super::outcomes::command,
        complete: super::outcomes::complete_path,
    },
    Command {
        names: &["search", "搜索"],
        args: "文本",
        about: ("搜索", "search"),
        run: search,
        complete: nothing,
    },
    Command {
        names: &["triage", "待办"],
        args: "",
        about: ("待办", "triage"),
        run: |app, _| switch(app, Screen::Triage),
        complete: nothing,
    },
    Command {
        names: &["calendar", "日历"],
        args: "",
        about: ("到期日历", "calendar of due dates"),
        run: |app, _| {
            app.show_calendar();
            Ok(Vec::new())
        },
        complete: nothing,
    },
    Command {
        names: &["dashboard", "总览"],
        args: "",
        about: ("总览", "dashboard"),
        run: |app, _| switch(app, Screen::Dashboard),
        complete: nothing,
    },
    Command {
        names: &["bases", "列表"],
        args: "",
        about: ("基地列表", "the bases list"),
        run: |app, _| switch(app, Screen::Bases),
        complete: nothing,
    },
    Command {
        names: &["help", "帮助"],
        args: "",
        about: ("帮助", "help"),
        run: |app, _| {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            Ok(Vec::new())
        },
        complete: nothing,
    },
    Command {
        names: &["lang", "语言"],
        args: "zh|en",
        about: ("切换语言", "switch language"),
        run: lang,
        complete: |_, _, _| vec!["zh".into(), "en".into()],
    },
    Command {
        names: &["quit", "q", "退出"],
        args: "",
        about: ("退出", "quit"),
        run: |app, _| {
            app.quit = true;
            Ok(vec![Effect::Quit])
        },
        complete: nothing,
    },
];

fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.names.contains(&name))
}

/// Runs one command line; problems become a notice.
pub fn run(app: &mut App, line: &str) -> Vec<Effect> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((&name, args)) = words.split_first() else {
        return Vec::new();
    };
    let result = match find(name) {
        Some(command) => (command.run)(app, args),
        None => {
            let names: Vec<&str> = COMMANDS.iter().map(|c| c.names[0]).collect();
            Err(Refusal::input(text!(
                ["未知命令「{name}」；可用：{}", names.join(" ")],
                ["unknown command '{name}'; try: {}", names.join(" ")]
            )))
        }
    };
    result.unwrap_or_else(|refusal| {
        app.warn(refusal.text);
        Vec::new()
    })
}

fn switch(app: &mut App, screen: Screen) -> Result<Vec<Effect>, Refusal> {
    app.screen = screen;
    Ok(Vec::new())
}
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

fn filter(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    app.list.filter = parse_filter(args, &app.policy)?;
    app.refresh_list();
    app.refresh_triage();
    if matches!(
        app.screen,
        Screen::Detail | Screen::Dashboard | Screen::Calendar
    ) {
        app.screen = Screen::Bases;
    }
    Ok(Vec::new())
}

fn complete_filter(app: &App, _: &[&str], last: &str) -> Vec<String> {
    let lang = app.lang;
    let Some((key, _)) = last.split_once('=') else {
        return FILTER_KEYS
            .iter()
            .map(|(zh, en)| format!("{}=", if lang == Lang::Zh { zh } else { en }))
            .collect();
    };
    let values: Vec<String> = match filter_key(key) {
        Some("category") => labels::<Category>(lang),
        Some("region") => RegionGroup::all()
            .iter()
            .map(|g| g.label(lang).to_string())
            .chain(app.policy.cities.iter().map(|c| c.label(lang)))
            .collect(),
        Some("outcome") => labels::<Outcome>(lang),
        Some("status") => labels::<Status>(lang),
        _ => Vec::new(),
    };
    values.into_iter().map(|v| format!("{key}={v}")).collect()
}

fn labels<C: Code>(lang: Lang) -> Vec<String> {
    C::all().iter().map(|c| c.label(lang).to_string()).collect()
}

fn sort(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
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
    Ok(Vec::new())
}

fn complete_sort(app: &App, args: &[&str], _: &str) -> Vec<String> {
    match args {
        [] => Column::ALL
            .iter()
            .map(|c| c.label(app.lang).to_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn mark(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
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
    Ok(Vec::new())
}

fn complete_mark(app: &App, args: &[&str], _: &str) -> Vec<String> {
    match args {
        [] => super::overlay::OUTCOMES
            .iter()
            .map(|o| o.label(app.lang).to_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn excuse(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
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
    Ok(app.write(Request::Excuse {
        id,
        reason,
        date: app.today,
    }))
}

fn complete_view(app: &App, args: &[&str], _: &str) -> Vec<String> {
    match args {
        [] => ["save", "delete"]
            .into_iter()
            .map(String::from)
            .chain(app.views.iter().map(|(n, _)| n.clone()))
            .collect(),
        ["delete"] => app.views.iter().map(|(n, _)| n.clone()).collect(),
        _ => Vec::new(),
    }
}

fn goto(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    let id = args
        .first()
        .ok_or_else(|| Refusal::input(text!("用法：:goto 编号", "usage: :goto ID")))?;
    // As the CLI reads an id: any case, full-width characters too.
    let id = crate::domain::names::typed_id(id);
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
    Ok(Vec::new())
}

pub(super) fn complete_goto(app: &App, args: &[&str], _: &str) -> Vec<String> {
    match args {
        [] => app
            .rows
            .iter()
            .filter(|r| app.covers(&r.city))
            .map(|r| r.id.clone())
            .collect(),
        _ => Vec::new(),
    }
}

fn search(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    app.screen = Screen::Bases;
    Ok(app.search_for(args.join(" ")))
}

fn lang(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    app.lang = args
        .first()
        .and_then(|l| Lang::parse(l))
        .ok_or_else(|| Refusal::input(text!("用法：:lang zh|en", "usage: :lang zh|en")))?;
    Ok(Vec::new())
}

fn view(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    if matches!(args.first(), Some(&"save" | &"delete")) && app.refuse_read_only() {
        return Ok(Vec::new());
    }
    match args {
        ["delete", name @ ..] if !name.is_empty() => {
            let name = name.join(" ");
            app.views.retain(|(n, _)| *n != name);
            Ok(app.write(Request::DeleteView { name }))
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
            Ok(app.write(Request::SaveView { name, json }))
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

/// Candidates for the word being typed: a command's name, else what may follow it.
fn candidates(app: &App, words: &[&str], last: &str) -> Vec<String> {
    match words {
        [] => COMMANDS.iter().map(|c| c.names[0].to_string()).collect(),
        [name, args @ ..] => find(name).map_or(Vec::new(), |c| (c.complete)(app, args, last)),
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
        // A key waits for its value, a directory for what is in it.
        if matches.len() == 1 && !pick.ends_with('=') && !pick.ends_with('/') {
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

impl App {
    /// Applies a saved view.
    fn apply_view(&mut self, view: &SavedView) {
        self.list.filter = view.filter.clone();
        self.list.sort = view.sort;
        self.list.columns = view.columns.clone();
        self.refresh_list();
        self.refresh_triage();
    }
}

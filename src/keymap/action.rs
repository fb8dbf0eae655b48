//! The closed set of commands a key can trigger, and the modes that own key tables.

/// Declares `Action` once, so the enum, its kebab-case name and both descriptions cannot drift
/// apart: the help screen and the key files are both built from this one list.
macro_rules! actions {
    ($( $variant:ident = $name:literal, $zh:literal, $en:literal; )*) => {
        /// A parameterless command. Key files name it in kebab-case (`"move-down"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $( $variant, )*
        }

        impl Action {
            /// Every action, in declaration order (grouped as in the help screen).
            pub const ALL: &'static [Action] = &[ $( Action::$variant, )* ];

            /// The kebab-case name used in key files and on the command line.
            pub fn name(self) -> &'static str {
                match self { $( Action::$variant => $name, )* }
            }

            /// Short Chinese description for the help screen and status-bar hints.
            pub fn description_zh(self) -> &'static str {
                match self { $( Action::$variant => $zh, )* }
            }

            /// Short English description for the help screen and status-bar hints.
            pub fn description_en(self) -> &'static str {
                match self { $( Action::$variant => $en, )* }
            }
        }
    };
}

actions! {
    // Navigation.
    Quit = "quit", "退出", "Quit";
    Help = "help", "帮助", "Help";
    Redraw = "redraw", "重绘屏幕", "Redraw the screen";
    Back = "back", "返回", "Back";
    MoveDown = "move-down", "下移", "Move down";
    MoveUp = "move-up", "上移", "Move up";
    HalfPageDown = "half-page-down", "下翻半页", "Half page down";
    HalfPageUp = "half-page-up", "上翻半页", "Half page up";
    PageDown = "page-down", "下翻一页", "Page down";
    PageUp = "page-up", "上翻一页", "Page up";
    Top = "top", "跳到开头", "Go to top";
    Bottom = "bottom", "跳到末尾", "Go to bottom";
    Open = "open", "打开", "Open";
    NextTab = "next-tab", "下一个标签页", "Next tab";
    PrevTab = "prev-tab", "上一个标签页", "Previous tab";
    // Views.
    ViewBases = "view-bases", "基地列表", "Bases list";
    ViewTriage = "view-triage", "待处理事项", "Triage";
    ViewDashboard = "view-dashboard", "总览", "Dashboard";
    ViewHistory = "view-history", "历史记录（详情中：该基地的）", "History (in a detail: the base's)";
    ViewCalendar = "view-calendar", "到期日历", "Calendar of due dates";
    // Search and command line.
    Search = "search", "搜索", "Search";
    NextMatch = "next-match", "下一个匹配", "Next match";
    PrevMatch = "prev-match", "上一个匹配", "Previous match";
    CommandLine = "command-line", "命令行", "Command line";
    // Selection and actions on bases.
    ToggleSelect = "toggle-select", "选中/取消选中", "Toggle selection";
    SelectRange = "select-range", "区间选择", "Select range";
    ClearSelection = "clear-selection", "清除选择", "Clear selection";
    Mark = "mark", "标记", "Mark";
    Undo = "undo", "撤回上一步", "Undo";
    CopyId = "copy-id", "复制基地编号", "Copy base ID";
    NewApplication = "new-application", "新建申报", "New application";
    RecordReport = "record-report", "登记年度报告", "Record annual report";
    FileChange = "file-change", "登记变更报备", "File a major change";
    AddRisk = "add-risk", "添加风险记录", "Add risk note";
    CloseRisk = "close-risk", "关闭风险记录", "Close risk note";
    Transition = "transition", "状态流转", "Change status";
    AddPartner = "add-partner", "添加合作方", "Add partner";
    RevealNotes = "reveal-notes", "显示保密说明（阅读记入审计）", "Show confidential text (the reading is recorded)";
    // Case follow-up (the finding under the cursor) and work records (the base).
    AssignMe = "assign-me", "认领（指派给我）", "Take the case (assign to me)";
    AssignTo = "assign-to", "指派给…（Tab 补全用户）", "Assign to… (Tab completes users)";
    CaseNote = "case-note", "添加跟进备注", "Add a note to the case";
    CaseState = "case-state", "设置跟进状态", "Set the case state";
    LookAgain = "look-again", "设置复查日期", "Set a look-again date";
    WorkNote = "work-note", "添加工作记录", "Add a work record";
    // The triage inbox views.
    InboxMine = "inbox-mine", "我的", "Mine";
    InboxUnassigned = "inbox-unassigned", "未分配", "Unassigned";
    InboxDeferred = "inbox-deferred", "已暂缓", "Deferred";
    InboxAll = "inbox-all", "全部", "All";
    // Filters and sort.
    FilterCategory = "filter-category", "按类型筛选", "Filter by category";
    FilterRegion = "filter-region", "按地区筛选", "Filter by region";
    FilterOutcome = "filter-outcome", "按评估结果筛选", "Filter by outcome";
    FilterStatus = "filter-status", "按状态筛选", "Filter by status";
    ClearFilters = "clear-filters", "清除筛选", "Clear filters";
    SortNext = "sort-next", "切换排序方式", "Next sort order";
    SortReverse = "sort-reverse", "反向排序", "Reverse sort";
    FilterHistory = "filter-history", "筛选历史", "Filter the history";
    // The calendar.
    PrevDay = "prev-day", "前一天", "Previous day";
    NextDay = "next-day", "后一天", "Next day";
    PrevWeek = "prev-week", "前一周", "Previous week";
    NextWeek = "next-week", "后一周", "Next week";
    PrevMonth = "prev-month", "上个月", "Previous month";
    NextMonth = "next-month", "下个月", "Next month";
    GoToday = "go-today", "回到今天", "Back to today";
    // Dialogs.
    Confirm = "confirm", "确认", "Confirm";
    Cancel = "cancel", "取消", "Cancel";
    FocusNext = "focus-next", "下一个按钮", "Focus next button";
    FocusPrev = "focus-prev", "上一个按钮", "Focus previous button";
    Press = "press", "执行当前项", "Activate focused item";
    Pick1 = "pick-1", "选第 1 项", "Pick option 1";
    Pick2 = "pick-2", "选第 2 项", "Pick option 2";
    Pick3 = "pick-3", "选第 3 项", "Pick option 3";
    Pick4 = "pick-4", "选第 4 项", "Pick option 4";
    Pick5 = "pick-5", "选第 5 项", "Pick option 5";
    Toggle = "toggle", "勾选/取消勾选", "Toggle checkbox";
    Submit = "submit", "提交", "Submit";
    NextField = "next-field", "下一个字段", "Next field";
    PrevField = "prev-field", "上一个字段", "Previous field";
    // Text inputs.
    Complete = "complete", "补全 / 下一个选项", "Complete / next choice";
    CompletePrev = "complete-prev", "上一个选项", "Previous choice";
    HistoryPrev = "history-prev", "上一条历史", "Previous history entry";
    HistoryNext = "history-next", "下一条历史", "Next history entry";
    ClearInput = "clear-input", "清空输入", "Clear input";
}

impl Action {
    /// The action with this kebab-case name. Exact match only, so key files stay uniform; the
    /// loader suggests the right spelling when this fails.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

/// A key table. The console is always in one of the modes other than `Global`; `Global` holds
/// the bindings that navigation modes inherit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Global,
    List,
    Detail,
    Triage,
    Dashboard,
    History,
    Calendar,
    Help,
    Confirm,
    Pick,
    Menu,
    Form,
    Input,
}

impl Mode {
    /// Every mode, in the order of `[tables]` in the preset files.
    pub const ALL: &'static [Mode] = &[
        Mode::Global,
        Mode::List,
        Mode::Detail,
        Mode::Triage,
        Mode::Dashboard,
        Mode::History,
        Mode::Calendar,
        Mode::Help,
        Mode::Confirm,
        Mode::Pick,
        Mode::Menu,
        Mode::Form,
        Mode::Input,
    ];

    /// The table name in key files (`[list]`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::List => "list",
            Mode::Detail => "detail",
            Mode::Triage => "triage",
            Mode::Dashboard => "dashboard",
            Mode::History => "history",
            Mode::Calendar => "calendar",
            Mode::Help => "help",
            Mode::Confirm => "confirm",
            Mode::Pick => "pick",
            Mode::Menu => "menu",
            Mode::Form => "form",
            Mode::Input => "input",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.iter().copied().find(|m| m.name() == name)
    }

    /// Navigation modes fall back to `[global]` for keys they don't bind. Dialog modes never do:
    /// a `y` in a confirmation must confirm or do nothing, never copy an id behind the dialog.
    pub fn inherits_global(self) -> bool {
        matches!(
            self,
            Mode::List
                | Mode::Detail
                | Mode::Triage
                | Mode::Dashboard
                | Mode::History
                | Mode::Calendar
                | Mode::Help
        )
    }

    /// Modes with a focused text field. The caller hands printable keys (see
    /// [`is_text_key`](super::is_text_key)) to the field *before* asking the keymap, so these
    /// modes' tables may only bind non-text keys; the loader rejects anything else.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Form | Mode::Input)
    }

    /// Position in [`Mode::ALL`], for per-mode arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = HashSet::new();
        for &a in Action::ALL {
            assert!(seen.insert(a.name()), "duplicate name {}", a.name());
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.description_zh().is_empty() && !a.description_en().is_empty());
        }
        for &m in Mode::ALL {
            assert_eq!(Mode::from_name(m.name()), Some(m));
            assert_eq!(Mode::ALL[m.index()], m);
        }
    }

    #[test]
    fn none_is_reserved_for_unbinding() {
        assert_eq!(Action::from_name("none"), None);
    }

    #[test]
    fn names_are_kebab_case() {
        for a in Action::ALL {
            assert!(
                a.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                a.name()
            );
        }
    }

    #[test]
    fn dialog_modes_do_not_inherit_global() {
        let inheriting: Vec<_> = Mode::ALL
            .iter()
            .filter(|m| m.inherits_global())
            .map(|m| m.name())
            .collect();
        assert_eq!(
            inheriting,
            [
                "list",
                "detail",
                "triage",
                "dashboard",
                "history",
                "calendar",
                "help"
            ]
        );
    }
}

//! Every Chinese text of `jidi --help`, in one place: a command's about by its path, an
//! argument's help by its command's path and its id, and the exit codes under `jidi --help`.
//! Write for the administrators of the bases: DOMAIN.md's terms, rule ids as the regulation
//! numbers them, and the stable English codes beside the Chinese where a value is typed.

/// Each command by its path from the root (`""` is `jidi` itself, `"risk add"`).
pub(super) const ABOUT: &[(&str, &str)] = &[
    ("", "jidi 基地 — 广东省国际科技合作基地管理控制台"),
    ("init", "创建数据库（加 --demo：载入虚构的演示数据）"),
    ("demo", "在演示数据的临时副本上打开控制台"),
    (
        "new",
        "登记一项新的申报（状态：申报）；依托单位仍在五年内不得申报期内的，拒绝登记（A14）",
    ),
    ("list", "列出基地，可筛选、可搜索"),
    ("show", "查看一个基地：档案、待处理问题、申报条件和历史"),
    (
        "mark",
        "记录绩效评估结果并执行其后果（A15.1.3、A14.1、A14.2）；可一次标记多个编号，在同一事务中全部成功或全部不变",
    ),
    ("report-submit", "记录年度执行报告已提交（A11、A15.3.1）"),
    (
        "report-review",
        "审核已提交的年度执行报告：accepted 已审核 | returned 退回修改",
    ),
    (
        "change",
        "报备重大事项变更（A15.3.2）：rename 更名 | leader 负责人变更 | host 依托单位变更 | partner 合作协议变更/终止 | other 其他。负责人变更须附新负责人的条件（A6.1）：未给 --qualification 的，列为待处理问题",
    ),
    (
        "change-filed",
        "记录第 N 项变更报备送达省科技厅和/或组织推荐单位的日期",
    ),
    (
        "change-review",
        "组织推荐单位对第 N 项变更报备的审核：approved 通过 | returned 退回（A15.2.2）",
    ),
    ("risk", "科技安全风险记录（A7.3、A15.3.4）"),
    ("risk add", "新增一条风险记录"),
    ("risk close", "关闭第 N 条风险记录"),
    (
        "status",
        "变更基地状态（A9、A14）；规则不允许的变更被拒绝，并给出条款号",
    ),
    (
        "excuse",
        "记录最近一次未参加或中途退出评估有正当理由（不作撤销，A14.2）",
    ),
    (
        "edit",
        "修改其他字段：字段=值 …（qualification、qualified_on、identity 等）；已认定基地的负责人和名称只能通过 `jidi change` 变更",
    ),
    ("triage", "所有基地的待处理问题，最紧急的在前"),
    (
        "follow",
        "按问题的键跟进（键见 `jidi triage --format json`）：指派、状态、备注、复查日期",
    ),
    ("note", "给基地添加一条工作记录（电话、函件、走访等）"),
    ("notes", "一个基地的工作记录"),
    (
        "digest",
        "自你上次查看以来的新情况：问题、跟进、期限、工作记录",
    ),
    (
        "indicators",
        "录入申报单位某一年的 A8 指标：--year 年份 --set 键=值 …（A8 统计申报指南发布前三年；`exchange` 不分年份）",
    ),
    (
        "systems",
        "申报 A7.3 管理制度：--set 键=日期|no|none …（键：制度代码或名称，或 all）",
    ),
    ("project", "此前承担的国际科技合作项目（A8.1、A8.3）"),
    ("project add", "记录依托单位承担过的一个项目"),
    (
        "project remove",
        "删除误录的项目（按从 1 起的序号，或项目名称）",
    ),
    (
        "eligibility",
        "按 A5–A8 检查申报条件；任一项不符合时退出码为 3",
    ),
    ("partner", "国外合作协议（A5.2）"),
    ("partner add", "新增一份合作协议"),
    (
        "partner end",
        "提前终止一份合作协议（按从 1 起的序号，或合作方名称）",
    ),
    (
        "partner country",
        "设定合作方的国家或地区（按从 1 起的序号，或合作方名称），例如旧数据中名称未能匹配的",
    ),
    (
        "users",
        "用户及其角色：viewer 查看、editor 编辑、security 保密、admin 管理员（只有管理员能修改）",
    ),
    ("users add", "给操作系统账户授予角色（在已有角色之外增加）"),
    ("users remove", "收回角色（未列出角色时收回全部）"),
    ("users list", "所有有角色的用户"),
    (
        "backup",
        "把数据库的一致副本写到 PATH（新文件），其他人可照常使用",
    ),
    (
        "restore",
        "用备份替换数据库（管理员）：先校验；原文件保留在旁边，仍打开它的进程都不再写入",
    ),
    (
        "keygen",
        "生成加密保密风险记录正文所用的密钥（管理员；A15.3.4）：私钥写到 PATH（默认在 config.toml 旁边），权限 0640，供保密组使用",
    ),
    (
        "log",
        "事件记录：每一次修改，谁、何时、用哪个命令，修改前 → 修改后",
    ),
    ("undo", "用补偿事件撤销一批修改（默认：你最近的一批）"),
    (
        "check",
        "校验数据库：redb 完整性检查、逐条解码档案和事件、核对每条档案与其历史；列出全部问题，有问题时退出码为 1（只读）",
    ),
    ("gen", "生成 N 个虚构基地填入数据库（同一种子结果相同）"),
    (
        "bench",
        "在生成的数据上测速：打开并列出、搜索、控制台首帧和按键、持久写入的标记，以及磁盘 fsync 下限",
    ),
    (
        "export",
        "把基地写入文件：csv（基地表）、xlsx（完整档案，每类一个工作表）或 json（完整档案）；筛选条件同 `list`",
    ),
    (
        "import",
        "从 CSV（UTF-8 或 GBK）、XLSX 或 JSON 文件读入基地，按编号新增或更新：先逐行检查，只要有一行有问题就什么都不写",
    ),
    (
        "import-outcomes",
        "按 `mark` 的方式导入评估机构的结果表（编号或基地名称、评估结果、评估日期，可选得分、轮次）：全部成功或全部不变",
    ),
    (
        "report",
        "截至 --today 的领导汇总：数量、合规、整改、撤销、逾期报备、未关闭的高风险",
    ),
    ("completions", "输出 shell 补全脚本"),
];

/// Each argument by the path of its command and its id. `"*"` stands for every command that has
/// the id and no entry of its own.
pub(super) const ARGS: &[(&str, &str, &str)] = &[
    (
        "",
        "db",
        "数据库文件（未给时依次用 $JIDI_DB、config.toml 的 db、/etc/jidi/config.toml、数据目录）",
    ),
    (
        "",
        "today",
        "按这一天判断规则（默认：Asia/Shanghai 时区的今天）",
    ),
    ("", "lang", "消息和表格的语言：zh 中文 | en 英文"),
    ("", "policy", "合并在内置政策参数之上的政策文件"),
    (
        "",
        "read_only",
        "以只读方式打开数据库：任何修改都被拒绝（退出码 4）",
    ),
    (
        "",
        "if_version",
        "只有所涉基地自此版本（`jidi show ID --format json` 的 version）以来未被修改时才执行；否则拒绝，并说明谁改了什么（退出码 6）",
    ),
    ("*", "id", "基地编号"),
    ("*", "date", "日期（默认今天）"),
    ("*", "format", "输出格式"),
    ("*", "n", "序号（从 1 起）"),
    ("*", "file", "要读入的文件"),
    ("*", "count", "基地数量"),
    ("*", "seed", "随机种子"),
    ("*", "category", "类别（多个用逗号分隔）"),
    (
        "*",
        "region",
        "地市或区域（珠三角|粤东|粤西|粤北 或 prd|east|west|north），多个用逗号分隔",
    ),
    (
        "*",
        "outcome",
        "最近一次评估结果（none = 未评估），多个用逗号分隔",
    ),
    ("*", "status", "状态，多个用逗号分隔"),
    (
        "*",
        "search",
        "名称、曾用名、依托单位、负责人或编号：中文、全拼或首字母",
    ),
    (
        "list",
        "format",
        "输出格式（json：一个 JSON 数组；jsonl：每行一个 JSON 对象）",
    ),
    (
        "triage",
        "format",
        "输出格式（json：一个 JSON 数组；jsonl：每行一个 JSON 对象）",
    ),
    (
        "log",
        "format",
        "输出格式（json：一个 JSON 数组；jsonl：每行一个 JSON 对象）",
    ),
    (
        "export",
        "format",
        "文件格式：csv 基地表 | xlsx 完整档案，每类一个工作表 | json 完整档案",
    ),
    (
        "report",
        "format",
        "汇总格式：md Markdown | xlsx Excel 工作簿 | csv",
    ),
    ("init", "demo", "载入虚构的演示数据"),
    ("new", "name", "基地名称"),
    (
        "new",
        "category",
        "类别：joint_research 联合研究 | tech_transfer 技术转移 | featured 特色",
    ),
    ("new", "city", "所在地市（中文名或拼音）"),
    ("new", "host", "依托建设单位"),
    (
        "new",
        "host_kind",
        "依托单位类型：university 高等院校 | institute 科研院所 | enterprise 企业 | private_non_enterprise 民办非企业单位 | other 其他",
    ),
    ("new", "leader", "负责人姓名"),
    (
        "new",
        "recommender",
        "组织推荐单位（A9.2），省直部门等下属单位填其主管部门（默认：所在地市科技局）",
    ),
    ("new", "date", "申报日期（默认今天）"),
    (
        "mark",
        "ids_then_outcome",
        "一个或多个基地编号，然后是评估结果：优秀/合格/不合格/未参加/中途退出 或 excellent|qualified|unqualified|absent|withdrew",
    ),
    ("mark", "date", "评估日期（默认今天）"),
    (
        "mark",
        "round",
        "评估轮次名称（默认：“<年份>年度绩效评估”）",
    ),
    ("mark", "score", "得分 0–100"),
    ("report-submit", "year", "报告所属年度"),
    ("report-submit", "date", "提交日期（默认今天）"),
    ("report-review", "year", "报告所属年度"),
    (
        "report-review",
        "review",
        "审核结果：accepted 已审核 | returned 退回修改",
    ),
    ("report-review", "date", "审核日期（默认今天）"),
    (
        "change",
        "kind",
        "变更类型：rename 更名 | leader 负责人变更 | host 依托单位变更 | partner 合作协议变更/终止 | other 其他",
    ),
    ("change", "effective", "变更生效日期"),
    ("change", "filed_province", "报送省科技厅的日期"),
    ("change", "filed_recommender", "报送组织推荐单位的日期"),
    (
        "change",
        "to",
        "变更后的值（更名、负责人变更、依托单位变更时必填）",
    ),
    (
        "change",
        "qualification",
        "负责人变更：phd 博士 | senior_title 副高及以上 | enterprise_senior 企业高级职务",
    ),
    ("change", "qualified_on", "负责人变更：取得该条件的日期"),
    (
        "change",
        "identity",
        "负责人变更：domestic 境内 | foreign 外籍 | hk_macau_taiwan 港澳台（默认境内）",
    ),
    (
        "change",
        "dual_identity",
        "负责人变更：声明同时具有境内和境外身份（A6.3）",
    ),
    (
        "change",
        "employed",
        "负责人变更：是否为依托单位在职人员，yes | no（默认 yes）",
    ),
    ("change-filed", "province", "送达省科技厅的日期"),
    ("change-filed", "recommender", "送达组织推荐单位的日期"),
    (
        "change-review",
        "review",
        "审核结果：approved 通过 | returned 退回",
    ),
    (
        "risk add",
        "area",
        "领域：key_technology 关键技术 | equipment 设备 | information 信息 | data 数据/数据跨境 | genetic_resources 人类遗传资源 | ethics 科研伦理 | integrity 科研诚信 | foreign_affairs 外事 | other 其他",
    ),
    (
        "risk add",
        "severity",
        "风险等级：low 低 | medium 中 | high 高 | critical 重大",
    ),
    ("risk add", "text", "风险描述（保密）"),
    ("risk add", "mitigation", "应对措施（保密）"),
    ("risk close", "n", "风险记录序号（从 1 起）"),
    (
        "status",
        "new_status",
        "新状态：recommended 已推荐 | vetted 审查通过 | publicised 评审公示 | recognised 已认定 | not_recognised 不予认定 | removed 已撤销 等",
    ),
    ("status", "reason", "说明；撤销时为撤销原因 A14.1–A14.7"),
    ("status", "doc_no", "认定文号，认定时必填"),
    (
        "status",
        "override_reason",
        "申报条件检查未通过仍予认定：管理员的理由，记入事件",
    ),
    ("excuse", "reason", "正当理由"),
    (
        "edit",
        "assignments",
        "字段=值，可多个（qualification、qualified_on、identity 等）",
    ),
    (
        "triage",
        "within",
        "只看 DAYS 天内到期的问题（已逾期的和没有期限的也列出）",
    ),
    ("triage", "mine", "指派给我、未暂缓的跟进（我的）"),
    ("triage", "unassigned", "没有人跟进的未关闭问题（未分配）"),
    ("triage", "deferred", "等待复查日期的跟进（已暂缓）"),
    (
        "triage",
        "assignee",
        "指派给该用户（或 `me`）的跟进，任何状态",
    ),
    (
        "triage",
        "state",
        "只看跟进状态为此的问题（尚未跟进的问题算作 open 待处理）",
    ),
    (
        "follow",
        "key",
        "问题的键（见 `jidi triage --format json`）",
    ),
    ("follow", "assign", "指派给一个 jidi 用户，或 `me`"),
    ("follow", "unassign", "取消指派"),
    (
        "follow",
        "state",
        "跟进状态：open 待处理 | contacted 已联系 | waiting 等待回复 | done 已完成 | dismissed 不予处理",
    ),
    (
        "follow",
        "note",
        "带日期的备注（不予处理时写理由）；最多 4,000 字",
    ),
    (
        "follow",
        "until",
        "到这一天再复查（`none` 清除）：在此之前不出现在“我的”中",
    ),
    ("note", "text", "工作记录内容"),
    ("note", "cites", "所涉问题的键"),
    ("digest", "since", "从这一天起，而不是从你上次查看起"),
    ("indicators", "year", "指标所属的年份"),
    ("indicators", "set", "指标=值，可多个"),
    (
        "systems",
        "set",
        "制度=日期|no|none，可多个（制度：代码或名称，或 all）",
    ),
    ("project add", "name", "项目名称"),
    (
        "project add",
        "level",
        "级别：national 国家级 | provincial 省级 | ministerial 省部级",
    ),
    ("project add", "years", "执行年份：2022，或 2021-2023"),
    ("project remove", "project", "项目序号（从 1 起）或名称"),
    (
        "eligibility",
        "call_date",
        "申报指南发布日期（默认：政策参数中申报年度的指南）",
    ),
    ("partner add", "name", "合作方名称"),
    (
        "partner add",
        "country",
        "国家或地区：中文名、英文名或 ISO 代码（香港/澳门/台湾不算 A5.2 所说的国外；内地地名被拒绝）",
    ),
    ("partner add", "signed", "签订日期"),
    ("partner add", "until", "有效期至"),
    (
        "partner add",
        "kind",
        "协议类型：agreement 协议 | memorandum 备忘录",
    ),
    ("partner end", "partner", "合作方序号（从 1 起）或名称"),
    ("partner end", "date", "终止日期（默认今天）"),
    ("partner country", "partner", "合作方序号（从 1 起）或名称"),
    (
        "partner country",
        "country",
        "国家或地区：中文名、英文名或 ISO 代码",
    ),
    ("users add", "name", "操作系统账户名"),
    (
        "users add",
        "roles",
        "角色：viewer 查看 | editor 编辑 | security 保密 | admin 管理员",
    ),
    (
        "users add",
        "scope",
        "只能查看和处理一个地市的基地（地市科技局）",
    ),
    ("users remove", "name", "操作系统账户名"),
    ("users remove", "roles", "要收回的角色（不写则收回全部）"),
    ("backup", "path", "备份文件路径（须为新文件）"),
    ("restore", "path", "备份文件路径"),
    ("keygen", "path", "私钥文件路径（默认在 config.toml 旁边）"),
    (
        "keygen",
        "rotate",
        "更换数据库的密钥：所有风险记录重新加密（须能读取旧密钥）",
    ),
    ("log", "id", "只看这个基地的事件"),
    ("log", "user", "只看这个用户（操作系统账户）的事件"),
    ("log", "since", "只看这一天及以后的事件"),
    ("log", "until", "只看这一天及以前的事件"),
    ("log", "limit", "只看最新的 N 条事件（仍按时间先后列出）"),
    ("undo", "batch", "要撤销的批次"),
    ("bench", "rounds", "每项测量的重复次数"),
    (
        "export",
        "output",
        "输出文件（CSV 和 JSON 不给时写到标准输出）",
    ),
    (
        "import",
        "skip_invalid",
        "导入没有问题的行，把其余行的问题写到一个文件",
    ),
    (
        "import",
        "report_file",
        "--skip-invalid 写问题清单的文件（默认在 FILE 旁边：«文件名».问题.csv）",
    ),
    ("import", "dry_run", "显示将新增、修改和不变的基地；不写入"),
    ("import-outcomes", "file", "评估结果表（CSV、XLSX）"),
    (
        "import-outcomes",
        "dry_run",
        "显示每个基地的评估结果及其后果；不写入",
    ),
    (
        "report",
        "output",
        "输出文件（Markdown 和 CSV 不给时写到标准输出；XLSX 必须给）",
    ),
    ("completions", "shell", "shell 类型"),
];

pub(super) const EXIT_CODES: &str = "退出码：0 成功 · 1 输入有误或被规则拒绝 · 2 用法错误 · 3 不符合申报条件 · 4 无权限 · 5 数据库忙 · 6 自 --if-version 指定的版本以来已被他人修改";

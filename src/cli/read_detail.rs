//! `jidi show` as text: the whole record, its findings, obligations and eligibility.

use super::Session;
use super::output::Table;
use super::read::{check_table_for, money, percent, section};
use crate::domain::base::Base;
use crate::domain::codes::Code;
use crate::domain::eligibility::CheckLine;
use crate::domain::findings::Finding;
use crate::domain::obligations::ReportLine;
use crate::domain::text::Lang;
use chrono::NaiveDate;

fn yes_no(v: bool, lang: Lang) -> &'static str {
    match (v, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or("—".into(), |d| d.to_string())
}

pub fn render(
    session: &Session,
    base: &Base,
    found: &[Finding],
    reports: &[ReportLine],
    checks: Option<(NaiveDate, &[CheckLine])>,
) -> String {
    let lang = session.lang();
    let zh = lang == Lang::Zh;
    let policy = session.policy();
    let city = policy.city_by_code(&base.city);
    let city_text = city.map_or(base.city.clone(), |c| match lang {
        Lang::Zh => format!("{}（{}）", c.name, c.group.zh()),
        Lang::En => format!("{} ({})", c.pinyin, c.group.en()),
    });
    let mut out = format!("{}  {}\n", base.id, base.name);
    let mut field = |label_zh: &str, label_en: &str, value: String| {
        let label = if zh { label_zh } else { label_en };
        out.push_str(&format!("  {label}：{value}\n"));
    };
    field("类型", "Category", base.category.label(lang).into());
    field("城市", "City", city_text);
    field(
        "状态",
        "Status",
        format!(
            "{}（{} {}）",
            base.status.label(lang),
            if zh { "自" } else { "since" },
            base.status_since
        ),
    );
    if let Some(deadline) = base.rectification_deadline {
        field("整改期限", "Rectification deadline", deadline.to_string());
    }
    if let Some(removal) = &base.removal {
        field(
            "撤销",
            "Removed",
            format!(
                "{} {} {}",
                removal.date,
                removal.reason.code(),
                removal.reason.label(lang)
            ),
        );
    }
    field(
        "最近评估",
        "Last outcome",
        base.last_outcome().label(lang).into(),
    );
    field("来源", "Origin", base.origin.label(lang).into());
    field("申报日期", "Applied on", base.applied_on.to_string());
    if let Some(r) = &base.recognition {
        field("认定", "Recognised", format!("{} {}", r.date, r.doc_no));
    }
    field(
        "依托单位",
        "Host unit",
        format!(
            "{}（{}，{}{}）",
            base.host.name,
            base.host.kind.label(lang),
            if zh { "独立法人 " } else { "legal person " },
            yes_no(base.host.legal_person, lang)
        ),
    );
    field("推荐单位", "Recommender", base.recommender.clone());
    let l = &base.leader;
    field(
        "负责人",
        "Leader",
        format!(
            "{}（{} {}，{}，{}{}{}）",
            if l.name.is_empty() { "—" } else { &l.name },
            l.qualification.label(lang),
            date(l.qualified_on),
            l.identity.label(lang),
            if zh { "在职 " } else { "employed " },
            yes_no(l.employed_by_host, lang),
            if l.dual_identity {
                if zh {
                    "，双重身份"
                } else {
                    ", dual identity"
                }
            } else {
                ""
            }
        ),
    );
    field("风险应对预案", "Risk plan", date(base.risk_plan));
    if !base.former_names.is_empty() {
        field("曾用名", "Former names", base.former_names.join("、"));
    }
    if !base.fields.is_empty() {
        field("技术领域", "Fields", base.fields.join("、"));
    }
    if !base.focus_countries.is_empty() {
        field(
            "合作国别",
            "Focus countries",
            base.focus_countries.join("、"),
        );
    }

    out.push_str(&section(
        session,
        &format!("问题（{}）", found.len()),
        &format!("Findings ({})", found.len()),
    ));
    for f in found {
        out.push_str(&format!(
            "  {} {} {}  {}  → {}\n",
            f.severity.label(lang),
            f.rule,
            f.due.map_or(String::new(), |d| d.to_string()),
            session.t(&f.message),
            session.t(&f.action)
        ));
    }

    if !base.partners.is_empty() {
        out.push_str(&section(session, "合作方", "Partners"));
        let mut t = Table::new(if zh {
            &["#", "名称", "国家/地区", "类型", "签署", "有效期至", "状态"]
        } else {
            &[
                "#",
                "name",
                "country",
                "kind",
                "signed",
                "valid until",
                "state",
            ]
        });
        for (i, p) in base.partners.iter().enumerate() {
            let state = match (p.ended, p.valid_on(session.today)) {
                (Some(end), _) => format!("{}{end}", if zh { "已终止 " } else { "ended " }),
                (None, true) => (if zh { "有效" } else { "valid" }).into(),
                (None, false) => (if zh { "已失效" } else { "expired" }).into(),
            };
            t.row(vec![
                (i + 1).to_string(),
                p.name.clone(),
                p.country.clone(),
                p.kind.label(lang).into(),
                p.signed.to_string(),
                p.valid_until.to_string(),
                state,
            ]);
        }
        out.push_str(&indent(&t.render()));
    }

    if !reports.is_empty() {
        out.push_str(&section(session, "年度执行报告", "Annual reports"));
        let mut t = Table::new(if zh {
            &["年度", "截止", "状态", "提交"]
        } else {
            &["year", "due", "status", "submitted"]
        });
        for r in reports {
            t.row(vec![
                r.year.to_string(),
                r.due.to_string(),
                r.status.label(lang).into(),
                date(r.submitted),
            ]);
        }
        out.push_str(&indent(&t.render()));
    }

    if !base.rounds.is_empty() {
        out.push_str(&section(session, "绩效评估", "Evaluations"));
        let mut t = Table::new(if zh {
            &["轮次", "日期", "结果", "评分", "复评"]
        } else {
            &["round", "date", "outcome", "score", "re-eval"]
        });
        for r in &base.rounds {
            t.row(vec![
                r.round.clone(),
                r.date.to_string(),
                r.outcome.label(lang).into(),
                r.score.map_or("—".into(), |s| s.to_string()),
                yes_no(r.re_evaluation, lang).into(),
            ]);
        }
        out.push_str(&indent(&t.render()));
    }

    for r in base.rounds.iter().filter(|r| r.excused.is_some()) {
        let e = r.excused.as_ref().expect("filtered");
        let label = if zh { "正当理由" } else { "justified" };
        out.push_str(&format!(
            "  {} {label}（{}）：{}\n",
            r.round, e.on, e.reason
        ));
    }

    if !base.changes.is_empty() {
        out.push_str(&section(session, "重大事项变更", "Change filings"));
        let mut t = Table::new(if zh {
            &["#", "类型", "生效", "变更", "报省厅", "报推荐单位", "审核"]
        } else {
            &[
                "#",
                "kind",
                "effective",
                "change",
                "to dept.",
                "to recommender",
                "review",
            ]
        });
        for c in &base.changes {
            let change = if c.old_value.is_empty() && c.new_value.is_empty() {
                "—".into()
            } else {
                format!("{} → {}", c.old_value, c.new_value)
            };
            t.row(vec![
                c.n.to_string(),
                c.kind.label(lang).into(),
                c.effective.to_string(),
                change,
                date(c.filed_province),
                date(c.filed_recommender),
                c.review.label(lang).into(),
            ]);
        }
        out.push_str(&indent(&t.render()));
    }

    if !base.risks.is_empty() {
        out.push_str(&section(
            session,
            "科技安全风险（保密）",
            "Security risks (confidential)",
        ));
        for r in &base.risks {
            out.push_str(&format!(
                "  #{} {} · {} · {} · {}{}\n     {}\n",
                r.n,
                r.area.label(lang),
                r.severity.label(lang),
                r.status.label(lang),
                r.opened,
                r.closed.map_or(String::new(), |d| format!(" – {d}")),
                r.description
            ));
            if !r.mitigation.is_empty() {
                out.push_str(&format!(
                    "     {}{}\n",
                    if zh { "措施：" } else { "mitigation: " },
                    r.mitigation
                ));
            }
        }
    }

    let ind = &base.indicators;
    if *ind != Default::default() {
        out.push_str(&section(session, "申报指标（A8）", "Indicators (A8)"));
        let count = |v: Option<u32>| v.map_or("—".into(), |v| v.to_string());
        let pairs: [(&str, String); 13] = [
            ("input_wan", money(ind.input_yuan)),
            (
                "exchange",
                ind.exchange.map_or("—".into(), |v| yes_no(v, lang).into()),
            ),
            ("trained", count(ind.trained)),
            ("papers", count(ind.papers)),
            ("patents", count(ind.patents)),
            ("transfers", count(ind.transfers)),
            ("rd_intensity", percent(ind.rd_intensity)),
            ("projects", count(ind.projects)),
            ("cross_border_projects", count(ind.cross_border_projects)),
            ("deal_wan", money(ind.deal_yuan)),
            ("cross_border_deal_wan", money(ind.cross_border_deal_yuan)),
            ("events", count(ind.events)),
            ("reports", count(ind.reports)),
        ];
        let shown: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| v != "—")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        out.push_str(&format!("  {}\n", shown.join("  ")));
    }

    if let Some((call, lines)) = checks {
        out.push_str(&section(
            session,
            &format!("申报条件（指南发布日期 {call}）"),
            &format!("Eligibility (call published {call})"),
        ));
        out.push_str(&indent(&check_table_for(session, lines).render()));
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

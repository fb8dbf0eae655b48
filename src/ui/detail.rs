//! One base: a header, its findings, tabs for its parts, and the tab's content.

use super::cells::{fit, pad};
use super::theme::Theme;
use super::tr;
use crate::app::App;
use crate::app::detail::Tab;
use crate::domain::codes::Code;
use crate::domain::money::{format_percent, format_wan};
use crate::domain::text::Lang;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or("—".into(), |d| d.to_string())
}

fn yes_no(v: bool, lang: Lang) -> &'static str {
    match (v, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(detail) = &app.detail else { return };
    let lang = app.lang;
    let base = &detail.base;
    let findings_height = (detail.findings.len().min(4) as u16
        + u16::from(!detail.findings.is_empty()))
    .min(area.height / 3);
    let [head, found, tabs, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(findings_height),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);

    let city = app.policy.city_by_code(&base.city);
    let city = match (city, lang) {
        (Some(c), Lang::Zh) => format!("{}·{}", c.name, c.group.zh()),
        (Some(c), Lang::En) => format!("{} · {}", c.pinyin, c.group.en()),
        (None, _) => base.city.clone(),
    };
    let mut status = base.status.label(lang).to_string();
    if let Some(deadline) = base.rectification_deadline {
        status.push_str(&format!(" {} {deadline}", tr(lang, "期限", "until")));
    }
    let head_lines = vec![
        Line::from(vec![
            Span::styled(format!("{}  ", base.id), theme.key()),
            Span::styled(base.name.clone(), theme.header()),
        ]),
        Line::from(vec![
            Span::raw(format!("{} · {city} · ", base.category.label(lang))),
            Span::styled(status, theme.status(base.status)),
            Span::raw(" · "),
            Span::styled(
                base.last_outcome().label(lang),
                theme.outcome(base.last_outcome()),
            ),
        ]),
    ];
    frame.render_widget(Paragraph::new(head_lines), head);

    if !detail.findings.is_empty() {
        let mut lines = vec![Line::styled(
            format!(
                "{}（{}）",
                tr(lang, "问题", "Findings"),
                detail.findings.len()
            ),
            theme.header(),
        )];
        for f in detail
            .findings
            .iter()
            .take(findings_height.saturating_sub(1) as usize)
        {
            let due = f.due.map(|d| format!(" {d}")).unwrap_or_default();
            let text = format!(
                "{} {}{due} {} → {}",
                f.severity.label(lang),
                f.rule,
                f.message.get(lang),
                f.action.get(lang)
            );
            lines.push(Line::styled(
                fit(&text, found.width as usize),
                theme.severity(f.severity),
            ));
        }
        frame.render_widget(Paragraph::new(lines), found);
    }

    let mut spans = Vec::new();
    for tab in Tab::ALL {
        let style = if tab == detail.tab {
            theme.cursor()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {} ", tab.title().get(lang)), style));
    }
    frame.render_widget(Line::from(spans), tabs);

    let lines = match detail.tab {
        Tab::Overview => overview(app, theme),
        Tab::Partners => partners(app, theme),
        Tab::Reports => reports(app, theme),
        Tab::Rounds => rounds(app, theme),
        Tab::Changes => changes(app, theme),
        Tab::Risks => risks(app, theme),
        Tab::History => history(app, theme),
    };
    let max_scroll = (lines.len() as u16).saturating_sub(body.height);
    app.scroll_limit.set(max_scroll);
    frame.render_widget(
        Paragraph::new(lines).scroll((detail.scroll.min(max_scroll), 0)),
        body,
    );
}

fn field(label: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("{}  ", pad(label, 12))),
        Span::raw(value),
    ])
}

fn overview(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let detail = app.detail.as_ref().expect("drawing a detail");
    let base = &detail.base;
    let lang = app.lang;
    let l = &base.leader;
    let mut lines = vec![
        field(
            tr(lang, "依托单位", "Host unit"),
            format!(
                "{}（{}，{} {}）",
                base.host.name,
                base.host.kind.label(lang),
                tr(lang, "独立法人", "legal person"),
                yes_no(base.host.legal_person, lang)
            ),
        ),
        field(
            tr(lang, "推荐单位", "Recommender"),
            base.recommender.clone(),
        ),
        field(
            tr(lang, "负责人", "Leader"),
            format!(
                "{} · {} {} · {} · {} {}{}",
                if l.name.is_empty() { "—" } else { &l.name },
                l.qualification.label(lang),
                date(l.qualified_on),
                l.identity.label(lang),
                tr(lang, "在职", "employed"),
                yes_no(l.employed_by_host, lang),
                if l.dual_identity {
                    tr(lang, " · 双重身份", " · dual identity")
                } else {
                    ""
                }
            ),
        ),
        field(
            tr(lang, "来源", "Origin"),
            base.origin.label(lang).to_string(),
        ),
        field(
            tr(lang, "申报日期", "Applied on"),
            base.applied_on.to_string(),
        ),
        field(
            tr(lang, "认定", "Recognised"),
            base.recognition
                .as_ref()
                .map_or("—".into(), |r| format!("{} {}", r.date, r.doc_no)),
        ),
        field(
            tr(lang, "状态起始", "Status since"),
            base.status_since.to_string(),
        ),
        field(tr(lang, "风险预案", "Risk plan"), date(base.risk_plan)),
    ];
    if let Some(r) = &base.removal {
        lines.push(field(
            tr(lang, "撤销", "Removed"),
            format!("{} {} {}", r.date, r.reason.code(), r.reason.label(lang)),
        ));
    }
    if !base.former_names.is_empty() {
        lines.push(field(
            tr(lang, "曾用名", "Former names"),
            base.former_names.join("、"),
        ));
    }
    if !base.fields.is_empty() {
        lines.push(field(
            tr(lang, "技术领域", "Fields"),
            base.fields.join("、"),
        ));
    }
    if !base.focus_countries.is_empty() {
        lines.push(field(
            tr(lang, "合作国别", "Countries"),
            base.focus_countries.join("、"),
        ));
    }
    let ind = &base.indicators;
    let mut shown = Vec::new();
    let mut add = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            shown.push(format!("{k}={v}"));
        }
    };
    add("input", ind.input_yuan.map(format_wan));
    add(
        "exchange",
        ind.exchange.map(|v| yes_no(v, lang).to_string()),
    );
    add("trained", ind.trained.map(|v| v.to_string()));
    add("papers", ind.papers.map(|v| v.to_string()));
    add("patents", ind.patents.map(|v| v.to_string()));
    add("transfers", ind.transfers.map(|v| v.to_string()));
    add("rd", ind.rd_intensity.map(format_percent));
    add("projects", ind.projects.map(|v| v.to_string()));
    add(
        "cross_border",
        ind.cross_border_projects.map(|v| v.to_string()),
    );
    add("deal", ind.deal_yuan.map(format_wan));
    add(
        "cross_border_deal",
        ind.cross_border_deal_yuan.map(format_wan),
    );
    add("events", ind.events.map(|v| v.to_string()));
    add("reports", ind.reports.map(|v| v.to_string()));
    if !shown.is_empty() {
        lines.push(field(tr(lang, "申报指标", "Indicators"), shown.join("  ")));
    }
    if let Some((call, checks)) = &detail.checks {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "{} {call}",
                tr(
                    lang,
                    "申报条件（A5–A8），指南发布日期",
                    "Eligibility (A5–A8), call published"
                )
            ),
            theme.header(),
        ));
        for c in checks {
            let mark = if c.pass {
                Span::styled("✓ ", theme.ok())
            } else {
                Span::styled("✗ ", theme.error())
            };
            lines.push(Line::from(vec![
                mark,
                Span::raw(format!(
                    "{} {}  {}  ({})",
                    pad(c.rule, 6),
                    c.label.get(lang),
                    c.value.get(lang),
                    c.threshold.get(lang)
                )),
            ]));
        }
    }
    lines
}

fn table(
    header: &[&str],
    widths: &[usize],
    rows: Vec<Vec<String>>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let render = |cells: &[String]| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| pad(c, *w))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut lines = vec![Line::styled(
        render(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>()),
        theme.header(),
    )];
    lines.extend(rows.iter().map(|r| Line::raw(render(r))));
    lines
}

fn empty(lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    vec![Line::styled(tr(lang, "（无记录）", "(none)"), theme.dim())]
}

fn partners(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let d = app.detail.as_ref().expect("drawing a detail");
    let lang = app.lang;
    if d.base.partners.is_empty() {
        return empty(lang, theme);
    }
    let rows = d
        .base
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let state = match (
                p.ended,
                p.valid_on(app.today),
                app.policy.is_foreign(&p.country),
            ) {
                (Some(e), _, _) => format!("{} {e}", tr(lang, "已终止", "ended")),
                (None, false, _) => tr(lang, "已失效", "expired").into(),
                (None, true, true) => tr(lang, "有效", "valid").into(),
                (None, true, false) => tr(lang, "有效（港澳台）", "valid (HK/MO/TW)").into(),
            };
            vec![
                (i + 1).to_string(),
                p.name.clone(),
                p.country.clone(),
                p.kind.label(lang).into(),
                p.signed.to_string(),
                p.valid_until.to_string(),
                state,
            ]
        })
        .collect();
    let header = if lang == Lang::Zh {
        [
            "#",
            "合作方",
            "国家/地区",
            "类型",
            "签署",
            "有效期至",
            "状态",
        ]
    } else {
        [
            "#", "partner", "country", "kind", "signed", "until", "state",
        ]
    };
    table(&header, &[2, 16, 10, 6, 10, 10, 12], rows, theme)
}

fn reports(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let d = app.detail.as_ref().expect("drawing a detail");
    let lang = app.lang;
    if d.reports.is_empty() {
        return vec![Line::styled(
            tr(lang, "（尚无年度执行报告义务）", "(no annual report owed)"),
            theme.dim(),
        )];
    }
    let rows = d
        .reports
        .iter()
        .map(|r| {
            let mut status = r.status.label(lang).to_string();
            if let Some(by) = r.resubmit_by {
                status.push_str(&format!(" → {by}"));
            }
            vec![
                r.year.to_string(),
                r.due.to_string(),
                status,
                date(r.submitted),
            ]
        })
        .collect();
    let header = if lang == Lang::Zh {
        ["年度", "截止", "状态", "提交"]
    } else {
        ["year", "due", "status", "submitted"]
    };
    table(&header, &[6, 10, 22, 10], rows, theme)
}

fn rounds(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let d = app.detail.as_ref().expect("drawing a detail");
    let lang = app.lang;
    if d.base.rounds.is_empty() {
        return empty(lang, theme);
    }
    let rows = d
        .base
        .rounds
        .iter()
        .map(|r| {
            vec![
                r.round.clone(),
                r.date.to_string(),
                r.outcome.label(lang).into(),
                r.score.map_or("—".into(), |s| s.to_string()),
                if r.re_evaluation {
                    tr(lang, "复评", "re-eval").into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    let header = if lang == Lang::Zh {
        ["轮次", "日期", "结果", "评分", ""]
    } else {
        ["round", "date", "outcome", "score", ""]
    };
    table(&header, &[22, 10, 10, 5, 6], rows, theme)
        .into_iter()
        .chain(d.base.rounds.iter().filter_map(|r| {
            let e = r.excused.as_ref()?;
            let label = tr(lang, "正当理由", "justified");
            Some(Line::styled(
                format!("  {} {label}（{}）：{}", r.round, e.on, e.reason),
                theme.dim(),
            ))
        }))
        .collect()
}

fn changes(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let d = app.detail.as_ref().expect("drawing a detail");
    let lang = app.lang;
    if d.base.changes.is_empty() {
        return empty(lang, theme);
    }
    let rows = d
        .base
        .changes
        .iter()
        .map(|c| {
            let change = if c.new_value.is_empty() {
                "—".to_string()
            } else {
                format!("{} → {}", c.old_value, c.new_value)
            };
            vec![
                c.n.to_string(),
                c.kind.label(lang).into(),
                c.effective.to_string(),
                change,
                date(c.filed_province),
                date(c.filed_recommender),
                c.review.label(lang).into(),
            ]
        })
        .collect();
    let header = if lang == Lang::Zh {
        ["#", "类型", "生效", "变更", "报省厅", "报推荐单位", "审核"]
    } else {
        [
            "#",
            "kind",
            "effective",
            "change",
            "dept.",
            "recommender",
            "review",
        ]
    };
    table(&header, &[2, 10, 10, 24, 10, 10, 6], rows, theme)
}

fn risks(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let d = app.detail.as_ref().expect("drawing a detail");
    let lang = app.lang;
    if d.base.risks.is_empty() {
        return empty(lang, theme);
    }
    let mut lines = Vec::new();
    for r in &d.base.risks {
        lines.push(Line::from(vec![
            Span::raw(format!("#{} {} · ", r.n, r.area.label(lang))),
            Span::styled(r.severity.label(lang), theme.severity(r.severity)),
            Span::raw(format!(
                " · {} · {}{}",
                r.status.label(lang),
                r.opened,
                r.closed.map(|c| format!(" – {c}")).unwrap_or_default()
            )),
        ]));
        lines.push(Line::raw(format!("   {}", r.description)));
        if !r.mitigation.is_empty() {
            lines.push(Line::raw(format!(
                "   {}{}",
                tr(lang, "措施：", "mitigation: "),
                r.mitigation
            )));
        }
    }
    lines
}

fn history(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let d = app.detail.as_ref().expect("drawing a detail");
    let lang = app.lang;
    if d.events.is_empty() {
        return empty(lang, theme);
    }
    d.events
        .iter()
        .rev()
        .map(|e| {
            let at = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
            Line::from(vec![
                Span::styled(format!("#{:<5} {at} {:<8} ", e.seq, e.actor), theme.dim()),
                Span::raw(e.summary.get(lang).to_string()),
            ])
        })
        .collect()
}

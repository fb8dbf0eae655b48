//! One base: a header, its findings, tabs for its parts, and the tab's content.

use super::cells::{fit, pad};
use super::layout::DetailAreas;
use super::theme::Theme;
use super::{aside, colon, list_sep, tr};
use crate::app::App;
use crate::app::detail::{DetailView, Tab};
use crate::domain::codes::Code;
use crate::domain::confidential::Notes;
use crate::domain::countries::CountryClass;
use crate::domain::policy::Policy;
use crate::domain::sanitize::escape;
use crate::domain::text::Lang;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
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

/// What the detail's text needs: the base's view, and how to word and judge it. The console draws
/// it in tabs; `jidi show` prints every tab in turn.
pub struct Detail<'a> {
    pub view: &'a DetailView,
    pub lang: Lang,
    pub policy: &'a Policy,
    pub today: NaiveDate,
    /// Printed rather than drawn: tables take the width their content needs.
    pub full_width: bool,
}

/// The detail of `view` as the console shows it.
pub fn text_of<'a>(app: &'a App, view: &'a DetailView) -> Detail<'a> {
    Detail {
        view,
        lang: app.lang,
        policy: &app.policy,
        today: app.today,
        full_width: false,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(detail) = &app.detail else { return };
    let text = text_of(app, detail);
    let lang = app.lang;
    let DetailAreas {
        head,
        findings: found,
        tabs,
        body,
    } = super::layout::detail(detail.findings.len(), area);

    frame.render_widget(Paragraph::new(header(&text, theme)), head);

    let shown = found.height.saturating_sub(1) as usize;
    let lines: Vec<Line> = findings(&text, theme)
        .into_iter()
        .take(shown + 1)
        .map(|line| fit_line(line, found.width as usize))
        .collect();
    frame.render_widget(Paragraph::new(lines), found);

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

    // The app stops scrolling at the last page; a terminal grown since may have moved it.
    let lines: Vec<Line> = tab_lines(&text, detail.tab, theme)
        .into_iter()
        .map(|line| fit_line(line, body.width as usize))
        .collect();
    let first = detail
        .scroll
        .min(super::layout::last_page(lines.len(), body.height as usize));
    frame.render_widget(Paragraph::new(lines).scroll((first, 0)), body);
}

/// Id and name; category, city, status and last outcome.
pub fn header(d: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let (base, lang) = (&d.view.base, d.lang);
    let city = d.policy.city_by_code(&base.city);
    let city = match (city, lang) {
        (Some(c), Lang::Zh) => format!("{}·{}", c.name, c.group.zh()),
        (Some(c), Lang::En) => format!("{} · {}", c.label(lang), c.group.en()),
        (None, _) => base.city.clone(),
    };
    let mut status = base.status.label(lang).to_string();
    if let Some(deadline) = base.rectification_deadline {
        status.push_str(&format!(" {} {deadline}", tr(lang, "期限", "until")));
    }
    let head_lines = vec![
        Line::from(vec![
            Span::styled(format!("{}  ", base.id), theme.key()),
            Span::styled(escape(&base.name).into_owned(), theme.header()),
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
    head_lines
}

/// The base's findings under a count, most urgent first.
pub fn findings(d: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let lang = d.lang;
    if d.view.findings.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        aside(
            lang,
            tr(lang, "问题", "Findings"),
            &d.view.findings.len().to_string(),
        ),
        theme.header(),
    )];
    for f in &d.view.findings {
        let due = f.due.map(|d| format!(" {d}")).unwrap_or_default();
        let text = format!(
            "{} {}{due} {} → {}",
            f.severity.label(lang),
            f.rule_label(lang),
            f.message.get(lang),
            f.action.get(lang)
        );
        lines.push(Line::styled(text, theme.severity(f.severity)));
    }
    lines
}

/// A line cut to `width` cells, each span keeping its style; a cut line ends with `…` in the
/// style of the span it was cut in, so a value too long for the terminal shows that it goes on.
fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let total: usize = line
        .spans
        .iter()
        .map(|s| super::cells::width(&s.content))
        .sum();
    if total <= width {
        return line;
    }
    let mut left = width;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = super::cells::width(&span.content);
        if w < left {
            left -= w;
            spans.push(span);
            continue;
        }
        // `fit` keeps what fits, the ellipsis included; a span that just fills the row is cut
        // too, as more follows it.
        let room = if w == left {
            left.saturating_sub(1)
        } else {
            left
        };
        spans.push(Span::styled(fit(&span.content, room), span.style));
        break;
    }
    Line::from(spans).style(line.style)
}

/// The whole detail as plain text, every tab in turn under its title: what `jidi show` prints.
pub fn plain_text(d: &Detail) -> String {
    let theme = Theme { color: false };
    let text_of = |lines: Vec<Line>| -> String {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
                    + "\n"
            })
            .collect()
    };
    let mut out = text_of(header(d, &theme));
    let found = findings(d, &theme);
    if !found.is_empty() {
        out.push('\n');
        out.push_str(&text_of(found));
    }
    // The follow-ups and work records are `jidi triage` and `jidi notes`'s to print.
    for tab in Tab::ALL.into_iter().filter(|t| *t != Tab::Work) {
        let title = tab.title();
        let title = title.get(d.lang);
        out.push_str(&match d.lang {
            Lang::Zh => format!("\n【{title}】\n"),
            Lang::En => format!("\n[{title}]\n"),
        });
        out.push_str(&text_of(tab_lines(d, tab, &theme)));
    }
    out
}

/// The content of one tab.
pub fn tab_lines(d: &Detail, tab: Tab, theme: &Theme) -> Vec<Line<'static>> {
    match tab {
        Tab::Overview => overview(d, theme),
        Tab::Work => super::worklog::lines(d, theme),
        Tab::Partners => partners(d, theme),
        Tab::Reports => reports(d, theme),
        Tab::Rounds => rounds(d, theme),
        Tab::Changes => changes(d, theme),
        Tab::Risks => risks(d, theme),
        Tab::History => history(d, theme),
    }
}

pub(super) fn field(label: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("{}  ", pad(label, 12))),
        Span::raw(escape(&value).into_owned()),
    ])
}

fn overview(d: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let detail = d.view;
    let base = &detail.base;
    let lang = d.lang;
    let l = &base.leader;
    let mut lines = vec![
        field(
            tr(lang, "依托单位", "Host unit"),
            aside(
                lang,
                &base.host.name,
                &format!(
                    "{}{}{} {}",
                    base.host.kind.label(lang),
                    tr(lang, "，", ", "),
                    tr(lang, "独立法人", "legal person"),
                    yes_no(base.host.legal_person, lang)
                ),
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
            base.former_names.join(list_sep(lang)),
        ));
    }
    if !base.fields.is_empty() {
        lines.push(field(
            tr(lang, "技术领域", "Fields"),
            base.fields.join(list_sep(lang)),
        ));
    }
    if !base.focus_countries.is_empty() {
        lines.push(field(
            tr(lang, "合作国别", "Countries"),
            base.focus_countries.join(list_sep(lang)),
        ));
    }
    lines.extend(super::declared::lines(d, theme));
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
            let mark = match (c.pass, c.advisory) {
                (true, _) => Span::styled("✓ ", theme.ok()),
                (false, true) => Span::styled("! ", theme.dim()),
                (false, false) => Span::styled("✗ ", theme.error()),
            };
            let years = c.years_text();
            let years = years.get(lang);
            lines.push(Line::from(vec![
                mark,
                Span::raw(format!(
                    "{} {}  {}  ({}){}{years}",
                    pad(c.rule, 6),
                    c.label.get(lang),
                    c.value.get(lang),
                    c.threshold.get(lang),
                    if years.is_empty() { "" } else { "  " }
                )),
            ]));
        }
    }
    lines
}

/// A table whose columns have the given widths on screen; printed (`d.full_width`), each column
/// is as wide as its widest cell, so nothing is cut.
pub(super) fn table(
    d: &Detail,
    header: &[&str],
    widths: &[usize],
    rows: Vec<Vec<String>>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let natural: Vec<usize>;
    let widths = if d.full_width {
        natural = (0..widths.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r.get(i).map_or(0, |c| super::cells::width(c)))
                    .chain(std::iter::once(super::cells::width(header[i])))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        &natural[..]
    } else {
        widths
    };
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

fn partners(ctx: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let d = ctx.view;
    if d.base.partners.is_empty() {
        return empty(lang, theme);
    }
    let rows = d
        .base
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let country = p
                .country_code
                .as_deref()
                .and_then(|c| ctx.policy.countries.by_code(c));
            let state = match (p.ended, p.valid_on(ctx.today), country.map(|c| c.class())) {
                (Some(e), _, _) => format!("{} {e}", tr(lang, "已终止", "ended")),
                (None, false, _) => tr(lang, "已失效", "expired").into(),
                (None, true, Some(CountryClass::Foreign)) => tr(lang, "有效", "valid").into(),
                (None, true, Some(_)) => tr(lang, "有效（港澳台）", "valid (HK/MO/TW)").into(),
                (None, true, None) => tr(lang, "有效（国别无法识别）", "valid (country?)").into(),
            };
            let country = match country {
                Some(c) => format!("{} {}", c.name(lang), c.code),
                None => format!("{}?", p.country),
            };
            vec![
                (i + 1).to_string(),
                p.name.clone(),
                country,
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
    table(ctx, &header, &[2, 16, 10, 6, 10, 10, 12], rows, theme)
}

fn reports(ctx: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let d = ctx.view;
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
    table(ctx, &header, &[6, 10, 22, 10], rows, theme)
}

fn rounds(ctx: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let d = ctx.view;
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
    table(ctx, &header, &[22, 10, 10, 5, 6], rows, theme)
        .into_iter()
        .chain(d.base.rounds.iter().filter_map(|r| {
            let e = r.excused.as_ref()?;
            let label = tr(lang, "正当理由", "justified");
            Some(Line::styled(
                format!(
                    "  {} {}{}{}",
                    r.round,
                    aside(lang, label, &e.on.to_string()),
                    colon(lang),
                    e.reason
                ),
                theme.dim(),
            ))
        }))
        .collect()
}

fn changes(ctx: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let d = ctx.view;
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
    table(ctx, &header, &[2, 10, 10, 24, 10, 10, 6], rows, theme)
}

fn risks(ctx: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let d = ctx.view;
    if d.base.risks.is_empty() {
        return empty(lang, theme);
    }
    let mut lines = Vec::new();
    if let Notes::Sealed(why) = &d.notes {
        lines.push(Line::styled(format!("🔒 {}", why.get(lang)), theme.dim()));
    }
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
        // Only opened text is ever drawn: what is stored is sealed.
        if let Some(text) = d.notes.text_of(r.n) {
            lines.push(Line::raw(format!("   {}", text.description)));
            if !text.mitigation.is_empty() {
                lines.push(Line::raw(format!(
                    "   {}{}",
                    tr(lang, "措施：", "mitigation: "),
                    text.mitigation
                )));
            }
        }
    }
    lines
}

fn history(ctx: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let d = ctx.view;
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

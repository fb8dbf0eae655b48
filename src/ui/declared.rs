//! What an application declared, in the detail's overview: A8 indicators by year (with old
//! undated totals apart), the A7.3 management systems and the prior projects.

use super::detail::{Detail, field, table};
use super::theme::Theme;
use super::{tr, width};
use crate::domain::base::Figures;
use crate::domain::codes::{Code, SystemKind};
use crate::domain::money::{format_money, format_percent};
use crate::domain::text::Lang;
use ratatui::text::Line;

type Show = fn(&Figures, Lang) -> Option<String>;

/// Each indicator (the keys of `jidi indicators --set`, in that order): its label in Chinese and
/// English, and how to show it.
const ROWS: [(&str, &str, Show); 12] = [
    ("投入", "Input", |f, lang| {
        f.input_yuan.map(|v| format_money(v, lang))
    }),
    ("联合培养", "Trained", |f, _| {
        f.trained.map(|v| v.to_string())
    }),
    ("论文", "Papers", |f, _| f.papers.map(|v| v.to_string())),
    ("专利", "Patents", |f, _| f.patents.map(|v| v.to_string())),
    ("成果转化", "Transfers", |f, _| {
        f.transfers.map(|v| v.to_string())
    }),
    ("研发强度", "R&D intensity", |f, _| {
        f.rd_intensity.map(format_percent)
    }),
    ("转移项目", "Projects", |f, _| {
        f.projects.map(|v| v.to_string())
    }),
    ("跨境项目", "Cross-border projects", |f, _| {
        f.cross_border_projects.map(|v| v.to_string())
    }),
    ("交易额", "Deals", |f, lang| {
        f.deal_yuan.map(|v| format_money(v, lang))
    }),
    ("跨境交易额", "Cross-border deals", |f, lang| {
        f.cross_border_deal_yuan.map(|v| format_money(v, lang))
    }),
    ("交流活动", "Events", |f, _| {
        f.events.map(|v| v.to_string())
    }),
    ("研究报告", "Reports", |f, _| {
        f.reports.map(|v| v.to_string())
    }),
];

pub fn lines(d: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let base = &d.view.base;
    let lang = d.lang;
    let mut lines = Vec::new();
    let ind = &base.indicators;
    if let Some(exchange) = ind.exchange {
        let v = match (exchange, lang) {
            (true, Lang::Zh) => "是",
            (false, Lang::Zh) => "否",
            (true, Lang::En) => "yes",
            (false, Lang::En) => "no",
        };
        lines.push(field(tr(lang, "交流机制", "Exchange"), v.into()));
    }
    // One column per recorded year, then the old totals whose year is unknown.
    let mut columns: Vec<(String, &Figures)> =
        ind.years.iter().map(|(y, f)| (y.to_string(), f)).collect();
    if let Some(old) = &ind.undated {
        columns.push((tr(lang, "年度未知", "year?").into(), old));
    }
    let rows: Vec<Vec<String>> = ROWS
        .iter()
        .filter(|(_, _, show)| columns.iter().any(|(_, f)| show(f, lang).is_some()))
        .map(|(zh, en, show)| {
            let mut row = vec![tr(lang, zh, en).to_string()];
            row.extend(
                columns
                    .iter()
                    .map(|(_, f)| show(f, lang).unwrap_or_else(|| "—".into())),
            );
            row
        })
        .collect();
    if !rows.is_empty() {
        lines.push(Line::styled(
            tr(lang, "申报指标（按年度）", "Indicators by year"),
            theme.header(),
        ));
        let mut header = vec![tr(lang, "指标", "indicator")];
        header.extend(columns.iter().map(|(y, _)| y.as_str()));
        // Each column as wide as its widest cell: English labels and amounts are longer.
        let widest = |cells: &mut dyn Iterator<Item = &str>| cells.map(width).max().unwrap_or(0);
        let mut widths = vec![widest(&mut rows.iter().map(|r| r[0].as_str())).max(8)];
        widths.extend((1..=columns.len()).map(|c| {
            widest(&mut rows.iter().map(|r| r[c].as_str()))
                .max(width(header[c]))
                .max(8)
        }));
        lines.extend(table(d, &header, &widths, rows, theme));
    }
    if !base.systems.is_empty() {
        // How many are in place, then each one that is not (their dates are in the check).
        let all = SystemKind::all();
        let in_place = all
            .iter()
            .filter(|k| base.systems.get(k).is_some_and(|s| s.present))
            .count();
        let mut shown = vec![format!(
            "{} {in_place}/{}",
            tr(lang, "已建立", "in place"),
            all.len()
        )];
        shown.extend(all.iter().filter_map(|kind| {
            let state = match base.systems.get(kind) {
                None => tr(lang, "未填写", "not declared"),
                Some(s) if !s.present => tr(lang, "未建立", "not in place"),
                Some(_) => return None,
            };
            Some(format!("{} {state}", kind.label(lang)))
        }));
        lines.push(field(tr(lang, "管理制度", "Systems"), shown.join(" · ")));
    }
    for (i, p) in base.projects.iter().enumerate() {
        let label = if i == 0 {
            tr(lang, "承担项目", "Projects")
        } else {
            ""
        };
        lines.push(field(
            label,
            format!("{} {}–{} {}", p.level.label(lang), p.from, p.to, p.name),
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use crate::app::Screen;
    use crate::app::detail::{DetailView, Tab};
    use crate::domain::base::{Figures, SystemDeclaration};
    use crate::domain::codes::SystemKind;
    use crate::domain::findings::BanIndex;
    use crate::domain::lifecycle::Ctx;
    use crate::domain::policy::Policy;
    use crate::domain::testkit::{base_applied, d, make_eligible};
    use crate::domain::text::Lang;
    use crate::ui::detail::{Detail, tab_lines};
    use crate::ui::theme::Theme;

    fn overview(base: crate::domain::base::Base, lang: Lang) -> Vec<String> {
        let policy = Policy::default_policy();
        let ctx = Ctx {
            policy: &policy,
            today: d("2026-11-25"),
        };
        let view = DetailView::new(base, Vec::new(), ctx, &BanIndex::default(), Screen::Bases);
        let detail = Detail {
            view: &view,
            lang,
            policy: &policy,
            today: ctx.today,
            full_width: true,
        };
        tab_lines(&detail, Tab::Overview, &Theme { color: false })
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn the_overview_shows_figures_by_year_old_totals_apart_systems_and_projects() {
        let mut b = base_applied();
        make_eligible(&mut b);
        b.indicators.years.remove(&2024);
        b.indicators.undated = Some(Figures {
            papers: Some(7),
            ..Figures::default()
        });
        b.systems.insert(
            SystemKind::GeneticResources,
            SystemDeclaration {
                present: false,
                since: None,
            },
        );
        let lines = overview(b.clone(), Lang::Zh);
        let row = |start: &str| {
            lines
                .iter()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("no {start} in {lines:#?}"))
                .split_whitespace()
                .collect::<Vec<_>>()
        };
        assert_eq!(row("指标"), vec!["指标", "2023", "2025", "年度未知"]);
        assert_eq!(row("论文"), vec!["论文", "1", "1", "7"]);
        assert_eq!(row("投入"), vec!["投入", "200万元", "200万元", "—"]);
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with("已建立 6/7 · 人类遗传资源 未建立"))
        );
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with("国家级 2021–2023 中德海洋材料联合研发"))
        );
        let en = overview(b, Lang::En);
        assert!(en.iter().any(|l| l.starts_with("Papers ")), "{en:#?}");
        assert!(en.iter().any(|l| l.contains("in place 6/7")));
        // English labels and amounts, never the command line's keys or 万元.
        let input = en
            .iter()
            .find(|l| l.starts_with("Input "))
            .unwrap_or_else(|| panic!("{en:#?}"));
        assert!(input.contains("2 M yuan 2 M yuan —"), "{input}");
        assert!(
            en.iter()
                .all(|l| !l.contains("万元") && !l.contains("_wan")),
            "{en:#?}"
        );
    }
}

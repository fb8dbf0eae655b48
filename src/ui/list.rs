//! The bases table: only the visible slice is built; columns fit the terminal width.

use super::cells::{highlighted, pad, put, row_style, width};
use super::theme::{Theme, level_char};
use crate::app::App;
use crate::app::list::Column;
use crate::domain::codes::{Category, Code};
use crate::domain::text::Lang;
use crate::search::Field;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Short category labels for narrow terminals.
fn category_label(c: Category, lang: Lang, short: bool) -> &'static str {
    match (lang, short) {
        (Lang::Zh, true) => crate::app::dashboard::short_category(c, lang),
        (Lang::En, true) => match c {
            Category::JointResearch => "Joint res.",
            Category::TechTransfer => "Transfer",
            Category::Featured => "Featured",
        },
        _ => c.label(lang),
    }
}

/// The width each shown column gets; the name takes what is left. Columns are dropped from the
/// right on very narrow terminals.
fn layout(app: &App, area_width: usize) -> (Vec<(Column, usize)>, bool) {
    let lang = app.lang;
    let short = area_width < 110;
    let fixed = |c: Column| -> usize {
        match (c, lang) {
            (Column::Id, _) => 15.max(app.rows.last().map_or(15, |r| width(&r.id))),
            (Column::Name, _) => 0,
            (Column::Category, Lang::Zh) => {
                if short {
                    8
                } else {
                    10
                }
            }
            (Column::Category, Lang::En) => {
                if short {
                    10
                } else {
                    19
                }
            }
            (Column::City, Lang::Zh) => 6,
            (Column::City, Lang::En) => 9,
            (Column::Status, Lang::Zh) => 8,
            (Column::Status, Lang::En) => 11,
            (Column::Outcome, Lang::Zh) => 8,
            (Column::Outcome, Lang::En) => 11,
            (Column::Badges, _) => width(Column::Badges.label(lang)),
        }
    };
    let mut columns: Vec<Column> = app.list.columns.clone();
    loop {
        let used: usize = columns.iter().map(|c| fixed(*c) + 1).sum::<usize>() + 2;
        let name_width = area_width.saturating_sub(used);
        if name_width >= 12 || columns.len() <= 2 {
            let out = columns
                .iter()
                .map(|c| {
                    (
                        *c,
                        if *c == Column::Name {
                            name_width
                        } else {
                            fixed(*c)
                        },
                    )
                })
                .collect();
            return (out, short);
        }
        // Drop the least needed column first.
        let drop = [
            Column::Badges,
            Column::City,
            Column::Category,
            Column::Outcome,
            Column::Status,
        ]
        .into_iter()
        .find(|c| columns.contains(c));
        match drop {
            Some(c) => columns.retain(|x| *x != c),
            None => return (columns.iter().map(|c| (*c, fixed(*c))).collect(), short),
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let (columns, short) = layout(app, area.width as usize);
    let buf = frame.buffer_mut();
    // Header.
    let mut x = 2u16;
    for (column, w) in &columns {
        let mut label = column.label(lang).to_string();
        // Search results are ranked by relevance unless a sort was chosen.
        let ranked = app.list.search.active() && app.list.sort == crate::app::list::Sort::default();
        if app.list.sort.column == *column && !ranked {
            label.push(if app.list.sort.descending {
                '↓'
            } else {
                '↑'
            });
        }
        put(
            buf,
            area,
            x,
            0,
            &Line::styled(pad(&label, *w), theme.header()),
            *w as u16,
        );
        x += *w as u16 + 1;
    }
    let body = area.height.saturating_sub(1) as usize;
    let list = &app.list;
    let hits = list.search.hits.as_deref().unwrap_or(&[]);
    // A two-line message can take a row the app counted on: keep the cursor row in sight.
    let offset = list.offset.max((list.cursor + 1).saturating_sub(body));
    for (i, visible) in list.visible.iter().skip(offset).take(body).enumerate() {
        let index = offset + i;
        let row = &app.rows[visible.row as usize];
        let y = i as u16 + 1;
        let on_cursor = index == list.cursor;
        let selected = list.selected.contains(&row.id);
        let base = row_style(buf, area, y, on_cursor, theme);
        let marker = match (selected, list.anchor == Some(index)) {
            (true, _) => "*",
            (false, true) => "v",
            _ => " ",
        };
        put(
            buf,
            area,
            0,
            y,
            &Line::styled(marker, base.patch(theme.selected())),
            1,
        );
        let hit = visible
            .hit
            .and_then(|h| hits.get(h as usize))
            .map(|h| &h.hit);
        let mut x = 2u16;
        for (column, w) in &columns {
            let line = match column {
                Column::Id => {
                    let positions = hit
                        .filter(|h| h.field == Field::Id)
                        .map_or(&[][..], |h| &h.positions);
                    highlighted(&row.id, positions, *w, base, base.patch(theme.highlight()))
                }
                Column::Name => {
                    // Highlight the name's matched characters; a match in another field (former
                    // name, host, leader) is named after it.
                    match hit {
                        Some(h) if h.field == Field::Name => highlighted(
                            &row.name,
                            &h.positions,
                            *w,
                            base,
                            base.patch(theme.highlight()),
                        ),
                        Some(h) if h.field != Field::Id => {
                            let via = app
                                .keys
                                .get(visible.row as usize)
                                .map_or("", |k| k.field_text(h.field_index));
                            let text = format!("{} ({via})", row.name);
                            highlighted(&text, &[], *w, base, base)
                        }
                        _ => highlighted(&row.name, &[], *w, base, base),
                    }
                }
                Column::Category => {
                    Line::styled(pad(category_label(row.category, lang, short), *w), base)
                }
                Column::City => {
                    let label = app
                        .policy
                        .city_by_code(&row.city)
                        .map_or_else(|| row.city.clone(), |c| c.label(lang));
                    Line::styled(pad(&label, *w), base)
                }
                Column::Status => Line::styled(
                    pad(row.status.label(lang), *w),
                    base.patch(if on_cursor {
                        Style::new()
                    } else {
                        theme.status(row.status)
                    }),
                ),
                Column::Outcome => Line::styled(
                    pad(row.last_outcome.label(lang), *w),
                    base.patch(if on_cursor {
                        Style::new()
                    } else {
                        theme.outcome(row.last_outcome)
                    }),
                ),
                Column::Badges => match app.analysis.as_ref().and_then(|a| a.badges.get(&row.id)) {
                    Some(b) => Line::from(
                        [b.reports, b.filings, b.risks]
                            .into_iter()
                            .map(|l| {
                                Span::styled(
                                    level_char(l).to_string(),
                                    if on_cursor { base } else { theme.level(l) },
                                )
                            })
                            .collect::<Vec<_>>(),
                    ),
                    None => Line::styled("…", base),
                },
            };
            put(buf, area, x, y, &line, *w as u16);
            x += *w as u16 + 1;
        }
    }
    if list.visible.is_empty() && app.loaded {
        let message = if app.list.search.active() && app.list.search.hits.is_none() {
            super::tr(lang, "搜索中…", "searching…").to_string()
        } else {
            let key = |a| {
                app.keymap
                    .key_for(crate::keymap::Mode::List, a)
                    .unwrap_or_default()
            };
            let (clear, back) = (
                key(crate::keymap::Action::ClearFilters),
                key(crate::keymap::Action::Back),
            );
            match lang {
                Lang::Zh => format!("没有符合条件的基地（{clear} 清除筛选，{back} 清除搜索）"),
                Lang::En => {
                    format!("no bases match ({clear} clears the filters, {back} the search)")
                }
            }
        };
        put(
            buf,
            area,
            2,
            2,
            &Line::styled(message, theme.dim()),
            area.width.saturating_sub(2),
        );
    }
}

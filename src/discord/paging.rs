//! Coordinator views that stay one message whatever the programme's size: a short summary,
//! the page of rows asked for, « page 2/9 », and buttons that turn pages (◀ ▶) and, on views
//! of pairs, filter them (all / at risk / paused / charter missing).
//!
//! Stateless: each button's `custom_id` says which view, filter and page it leads to; a click
//! runs the view again for whoever clicked (`views`). Pages are cut by measured length, so a
//! page fits Discord's 2000 characters whatever the names and ids. No IO here: the paging
//! rules are unit-tested below.

use super::render::{truncate, MAX_MESSAGE};
use crate::domain::attendance::PairAttendance;
use crate::domain::pair::PairStatus;
use crate::domain::privacy::PairView;
use crate::domain::Locale;
use crate::i18n::{I18n, Msg};
use poise::serenity_prelude as serenity;
use std::ops::Range;

/// Every paging button's `custom_id` starts with this.
pub const PREFIX: &str = "binome:view:";

/// The views that page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Attendance,
    Pairs,
    Participants,
    FollowUps,
    Sessions,
    Tripartites,
}

impl View {
    const ALL: [View; 6] = [
        View::Attendance,
        View::Pairs,
        View::Participants,
        View::FollowUps,
        View::Sessions,
        View::Tripartites,
    ];

    fn code(self) -> &'static str {
        match self {
            View::Attendance => "att",
            View::Pairs => "pairs",
            View::Participants => "people",
            View::FollowUps => "due",
            View::Sessions => "sessions",
            View::Tripartites => "tri",
        }
    }

    /// Views of pairs offer filters.
    pub fn filters(self) -> bool {
        matches!(self, View::Attendance | View::Pairs)
    }
}

/// Which pairs a view of pairs shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    AtRisk,
    Paused,
    CharterMissing,
}

impl Filter {
    pub const ALL: [Filter; 4] = [
        Filter::All,
        Filter::AtRisk,
        Filter::Paused,
        Filter::CharterMissing,
    ];

    fn code(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::AtRisk => "risk",
            Filter::Paused => "paused",
            Filter::CharterMissing => "charter",
        }
    }

    /// The Fluent id of the button's label.
    fn label_id(self) -> &'static str {
        match self {
            Filter::All => "view-filter-all",
            Filter::AtRisk => "view-filter-at-risk",
            Filter::Paused => "view-filter-paused",
            Filter::CharterMissing => "view-filter-charter",
        }
    }

    pub fn keeps(self, pair: &impl PairFacts) -> bool {
        match self {
            Filter::All => true,
            Filter::AtRisk => pair.status() == PairStatus::AtRisk,
            Filter::Paused => pair.status() == PairStatus::Paused,
            Filter::CharterMissing => !pair.charter_signed(),
        }
    }
}

/// What the filters read of a pair, in each view that lists pairs.
pub trait PairFacts {
    fn status(&self) -> PairStatus;
    /// Every member signed the charter.
    fn charter_signed(&self) -> bool;
}

impl PairFacts for PairAttendance {
    fn status(&self) -> PairStatus {
        self.status
    }
    fn charter_signed(&self) -> bool {
        self.charter_signed
    }
}

impl PairFacts for PairView {
    fn status(&self) -> PairStatus {
        self.status
    }
    fn charter_signed(&self) -> bool {
        self.members.iter().all(|m| m.charter_signed_at.is_some())
    }
}

/// « 3 à risque · 1 en pause · 12 charte manquante »: how many pairs each filter keeps.
pub fn pair_counts(i18n: &I18n, l: Locale, pairs: &[impl PairFacts]) -> String {
    let count = |f: Filter| pairs.iter().filter(|p| f.keeps(*p)).count();
    i18n.msg(
        l,
        &Msg::new("view-pair-counts")
            .arg("at_risk", count(Filter::AtRisk))
            .arg("paused", count(Filter::Paused))
            .arg("charter", count(Filter::CharterMissing)),
    )
}

/// A view, filter and page: what a command shows first and what a button leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub view: View,
    pub filter: Filter,
    /// From 1; clamped to the pages that exist when shown.
    pub page: usize,
}

impl PageRequest {
    /// The first page of `view`, unfiltered.
    pub fn first(view: View) -> Self {
        Self {
            view,
            filter: Filter::All,
            page: 1,
        }
    }

    /// `binome:view:<view>:<filter>:<page>:<button>`; the button's letter keeps two buttons
    /// leading to the same page (◀ and « Tous » on page 2) distinct, as Discord requires.
    fn custom_id(self, button: char) -> String {
        format!(
            "{PREFIX}{}:{}:{}:{button}",
            self.view.code(),
            self.filter.code(),
            self.page
        )
    }

    /// The request a paging button carries; `None` for any other `custom_id`.
    pub fn parse(custom_id: &str) -> Option<Self> {
        let mut parts = custom_id.strip_prefix(PREFIX)?.split(':');
        let view = parts.next()?;
        let filter = parts.next()?;
        let page = parts.next()?.parse().ok()?;
        let button = parts.next()?;
        if parts.next().is_some() || !matches!(button, "p" | "n" | "f") {
            return None;
        }
        let view = View::ALL.into_iter().find(|v| v.code() == view)?;
        let filter = Filter::ALL.into_iter().find(|f| f.code() == filter)?;
        Some(Self {
            view,
            // A view without filters shows everything, whatever a crafted id says.
            filter: if view.filters() { filter } else { Filter::All },
            page,
        })
    }
}

/// One line of a view, in a section whose heading is shown above its first line on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub section: usize,
    pub text: String,
}

impl Row {
    /// A line of the view's first section.
    pub fn plain(text: String) -> Self {
        Self { section: 0, text }
    }
}

/// Splits `rows` into consecutive pages whose lines (each row, and each section's heading
/// above the first of its rows on the page; an empty heading is none) fit in `room`
/// characters with a line break after each. Every row is on exactly one page, in order; a row
/// longer than `room` is alone on its page. No row: one empty page.
pub fn paginate(rows: &[Row], headings: &[String], room: usize) -> Vec<Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (i, row) in rows.iter().enumerate() {
        let previous = (i > start).then(|| rows[i - 1].section);
        let here = row_cost(row, previous, headings);
        if i > start && used + here > room {
            pages.push(start..i);
            start = i;
            used = row_cost(row, None, headings);
        } else {
            used += here;
        }
    }
    if start < rows.len() || pages.is_empty() {
        pages.push(start..rows.len());
    }
    pages
}

/// Characters a row takes on a page: its line, and its section's heading when the line
/// before it on the page is of another section (or there is none).
fn row_cost(row: &Row, previous: Option<usize>, headings: &[String]) -> usize {
    let heading = match previous {
        Some(s) if s == row.section => 0,
        _ => headings
            .get(row.section)
            .filter(|h| !h.is_empty())
            .map_or(0, |h| h.chars().count() + 1),
    };
    heading + row.text.chars().count() + 1
}

/// The lines of `rows[range]`, with their sections' headings.
fn page_lines(rows: &[Row], range: Range<usize>, headings: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut previous = None;
    for row in &rows[range] {
        if previous != Some(row.section) {
            if let Some(h) = headings.get(row.section).filter(|h| !h.is_empty()) {
                lines.push(h.clone());
            }
        }
        previous = Some(row.section);
        lines.push(row.text.clone());
    }
    lines
}

/// What a view hands to [`screen`]: its summary, and its rows once filtered.
pub struct ViewText {
    pub request: PageRequest,
    /// Counts of the whole programme, above every page.
    pub summary: String,
    /// Section headings, by `Row::section` (empty: none).
    pub headings: Vec<String>,
    pub rows: Vec<Row>,
    /// The whole message when the view has nothing at all, even unfiltered.
    pub empty: Option<String>,
}

impl ViewText {
    /// A view of one section, without headings.
    pub fn new(
        request: PageRequest,
        summary: String,
        rows: Vec<Row>,
        empty: Option<String>,
    ) -> Self {
        Self {
            request,
            summary,
            headings: Vec::new(),
            rows,
            empty,
        }
    }
}

/// One message: its text and its buttons.
#[derive(Debug, Clone)]
pub struct Screen {
    pub content: String,
    pub components: Vec<serenity::CreateActionRow>,
    /// The page shown and how many there are.
    pub page: usize,
    pub pages: usize,
}

/// Below this, a summary is too long for a page to make sense; rows still get this much.
const MIN_ROOM: usize = 400;

/// The page `v.request` asks for (clamped to those that exist): the summary, the rows that
/// fit, « page 2/9 », within [`MAX_MESSAGE`] characters; and its buttons.
pub fn screen(i18n: &I18n, l: Locale, v: ViewText) -> Screen {
    if let (Some(empty), Filter::All) = (&v.empty, v.request.filter) {
        return Screen {
            content: truncate(empty.clone(), MAX_MESSAGE),
            components: Vec::new(),
            page: 1,
            pages: 1,
        };
    }
    let footer = |page: usize, pages: usize| {
        let id = if v.request.view.filters() {
            "view-page-csv"
        } else {
            "view-page"
        };
        i18n.msg(l, &Msg::new(id).arg("page", page).arg("pages", pages))
    };
    // No more pages than rows: the widest footer is that of the last page of one row each.
    let most = v.rows.len().max(1);
    let fixed = v.summary.chars().count() + footer(most, most).chars().count() + 2;
    let room = MAX_MESSAGE.saturating_sub(fixed).max(MIN_ROOM);
    let longest_heading = v.headings.iter().map(|h| h.chars().count() + 1).max();
    let row_max = room.saturating_sub(longest_heading.unwrap_or(0) + 1);
    let rows: Vec<Row> = v
        .rows
        .into_iter()
        .map(|r| Row {
            text: truncate(r.text, row_max),
            ..r
        })
        .collect();
    let ranges = paginate(&rows, &v.headings, room);
    let pages = ranges.len();
    let page = v.request.page.clamp(1, pages);
    let body = if rows.is_empty() {
        vec![i18n.text(l, "view-filter-empty")]
    } else {
        page_lines(&rows, ranges[page - 1].clone(), &v.headings)
    };
    let mut lines = vec![v.summary];
    lines.extend(body);
    lines.push(footer(page, pages));
    let request = PageRequest { page, ..v.request };
    Screen {
        content: truncate(lines.join("\n"), MAX_MESSAGE),
        components: action_rows(i18n, l, &buttons(request, pages)),
        page,
        pages,
    }
}

/// A button of a page, before it becomes a serenity builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub custom_id: String,
    pub label_id: &'static str,
    /// The filter in use: highlighted.
    pub selected: bool,
    pub disabled: bool,
}

/// ◀ ▶ when there is more than one page; the filters on views of pairs, the one in use
/// highlighted and disabled.
pub fn buttons(at: PageRequest, pages: usize) -> Vec<Vec<Button>> {
    let mut rows = Vec::new();
    if pages > 1 {
        let to = |page: usize| PageRequest { page, ..at };
        rows.push(vec![
            Button {
                custom_id: to(at.page.saturating_sub(1).max(1)).custom_id('p'),
                label_id: "view-prev",
                selected: false,
                disabled: at.page <= 1,
            },
            Button {
                custom_id: to((at.page + 1).min(pages)).custom_id('n'),
                label_id: "view-next",
                selected: false,
                disabled: at.page >= pages,
            },
        ]);
    }
    if at.view.filters() {
        rows.push(
            Filter::ALL
                .into_iter()
                .map(|filter| Button {
                    custom_id: PageRequest {
                        filter,
                        page: 1,
                        ..at
                    }
                    .custom_id('f'),
                    label_id: filter.label_id(),
                    selected: filter == at.filter,
                    disabled: filter == at.filter,
                })
                .collect(),
        );
    }
    rows
}

fn action_rows(i18n: &I18n, l: Locale, rows: &[Vec<Button>]) -> Vec<serenity::CreateActionRow> {
    rows.iter()
        .map(|row| {
            serenity::CreateActionRow::Buttons(
                row.iter()
                    .map(|b| {
                        serenity::CreateButton::new(b.custom_id.clone())
                            .label(i18n.text(l, b.label_id))
                            .style(if b.selected {
                                serenity::ButtonStyle::Primary
                            } else {
                                serenity::ButtonStyle::Secondary
                            })
                            .disabled(b.disabled)
                    })
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize, len: usize) -> Vec<Row> {
        (0..n).map(|_| Row::plain("x".repeat(len))).collect()
    }

    #[test]
    fn pages_hold_as_many_rows_as_fit_and_every_row_once_in_order() {
        // 10 rows of 9 characters and a line break: 3 per 30 characters.
        let pages = paginate(&rows(10, 9), &[], 30);
        assert_eq!(pages, vec![0..3, 3..6, 6..9, 9..10]);
        assert_eq!(paginate(&[], &[], 30), vec![0..0], "no row: one empty page");
    }

    #[test]
    fn rows_of_unequal_length_are_fitted_by_measured_length_not_by_count() {
        let rows: Vec<Row> = [5, 20, 5, 5, 20]
            .iter()
            .map(|n| Row::plain("é".repeat(*n)))
            .collect();
        let pages = paginate(&rows, &[], 30);
        assert_eq!(pages, vec![0..2, 2..4, 4..5]);
        for range in pages {
            let len: usize = rows[range].iter().map(|r| r.text.chars().count() + 1).sum();
            assert!(len <= 30, "{len}");
        }
    }

    #[test]
    fn a_section_heading_counts_where_its_section_starts_on_a_page() {
        let headings = vec![String::new(), "h".repeat(9)];
        let mut all = rows(2, 9);
        all.extend((0..3).map(|_| Row {
            section: 1,
            text: "y".repeat(9),
        }));
        // The heading does not fit under the two plain rows (40 > 30): the sessions start on
        // page 2, and page 3 repeats the heading above its row.
        let pages = paginate(&all, &headings, 30);
        assert_eq!(pages, vec![0..2, 2..4, 4..5]);
        let lines = page_lines(&all, 2..4, &headings);
        assert_eq!(lines, vec!["h".repeat(9), "y".repeat(9), "y".repeat(9)]);
        assert!(lines.iter().map(|l| l.len() + 1).sum::<usize>() <= 30);
        assert_eq!(page_lines(&all, 4..5, &headings)[0], headings[1]);
    }

    #[test]
    fn every_button_leads_back_to_a_request_and_ids_are_unique_and_short() {
        for view in View::ALL {
            for filter in Filter::ALL {
                let at = PageRequest {
                    view,
                    filter,
                    page: 2,
                };
                let all: Vec<Button> = buttons(at, 1000).concat();
                let mut ids: Vec<&String> = all.iter().map(|b| &b.custom_id).collect();
                assert!(ids.iter().all(|id| id.len() <= 100), "{ids:?}");
                ids.sort();
                ids.dedup();
                assert_eq!(ids.len(), all.len(), "unique per message: {ids:?}");
                for b in &all {
                    let req = PageRequest::parse(&b.custom_id).expect(&b.custom_id);
                    assert_eq!(req.view, view);
                }
            }
        }
        let at = PageRequest {
            view: View::Pairs,
            filter: Filter::AtRisk,
            page: 2,
        };
        let [nav, filters] = <[Vec<Button>; 2]>::try_from(buttons(at, 9)).unwrap();
        let target = |b: &Button| PageRequest::parse(&b.custom_id).unwrap();
        assert_eq!(target(&nav[0]).page, 1);
        assert_eq!(target(&nav[1]).page, 3);
        assert_eq!(
            target(&nav[1]).filter,
            Filter::AtRisk,
            "pages keep the filter"
        );
        assert_eq!(target(&filters[2]).filter, Filter::Paused);
        assert_eq!(target(&filters[2]).page, 1, "a filter starts on page 1");
        assert!(
            filters[1].disabled && filters[1].selected,
            "the filter in use"
        );
    }

    #[test]
    fn first_and_last_pages_disable_the_way_out_and_one_page_has_no_arrows() {
        let first = PageRequest::first(View::Sessions);
        let nav = &buttons(first, 3)[0];
        assert!(nav[0].disabled && !nav[1].disabled);
        let last = PageRequest { page: 3, ..first };
        let nav = &buttons(last, 3)[0];
        assert!(!nav[0].disabled && nav[1].disabled);
        assert!(
            buttons(first, 1).is_empty(),
            "no filter, one page: no button"
        );
        assert_eq!(buttons(PageRequest::first(View::Pairs), 1).len(), 1);
    }

    #[test]
    fn other_buttons_and_crafted_ids_are_not_requests() {
        for id in [
            "binome:checkin:1:held",
            "binome:view:pairs:all:x:n",
            "binome:view:pairs:all:2",
            "binome:view:pairs:all:2:n:extra",
            "binome:view:nope:all:2:n",
            "binome:view:pairs:nope:2:n",
            "binome:view:pairs:all:2:z",
        ] {
            assert_eq!(PageRequest::parse(id), None, "{id}");
        }
        let due = PageRequest::parse("binome:view:due:risk:3:n").unwrap();
        assert_eq!(
            due.filter,
            Filter::All,
            "no filter on a view without filters"
        );
    }

    #[test]
    fn filters_keep_the_pairs_they_name() {
        use crate::domain::participant::ParticipantRole;
        use crate::domain::privacy::PairMemberView;
        use crate::domain::{PairId, UserId};
        let pair = |status, signed: bool| PairView {
            pair_id: PairId(1),
            status,
            created_at: chrono::Utc::now(),
            last_held: None,
            members: vec![PairMemberView {
                user_id: UserId(1),
                role: ParticipantRole::Mentor,
                charter_signed_at: signed.then(chrono::Utc::now),
            }],
        };
        let pairs = [
            pair(PairStatus::Active, true),
            pair(PairStatus::AtRisk, true),
            pair(PairStatus::Paused, false),
        ];
        let kept = |f: Filter| pairs.iter().filter(|p| f.keeps(*p)).count();
        assert_eq!(
            Filter::ALL.map(kept),
            [3, 1, 1, 1],
            "all, at risk, paused, charter missing"
        );
    }

    fn view(rows: Vec<Row>, page: usize) -> ViewText {
        let request = PageRequest {
            page,
            ..PageRequest::first(View::Pairs)
        };
        ViewText::new(request, "**Binômes** (500)".into(), rows, None)
    }

    #[test]
    fn a_screen_fits_one_message_shows_its_page_and_clamps_the_page_asked_for() {
        let i18n = I18n::load().unwrap();
        let rows: Vec<Row> = (0..500)
            .map(|i| {
                Row::plain(format!(
                    "#{i} — <@{}> ✅ — {}",
                    160_000_000_000_000_000u64 + i,
                    "é".repeat(i as usize % 120)
                ))
            })
            .collect();
        let s = screen(&i18n, Locale::Fr, view(rows.clone(), 2));
        assert!(
            s.content.chars().count() <= MAX_MESSAGE,
            "{}",
            s.content.len()
        );
        assert_eq!(s.page, 2);
        assert!(
            s.content.contains(&format!("page 2/{}", s.pages)),
            "{}",
            s.content
        );
        assert!(s.content.contains("/rapport csv"), "{}", s.content);
        let late = screen(&i18n, Locale::Fr, view(rows.clone(), 10_000));
        assert_eq!(late.page, late.pages, "clamped to the last page");
        let early = screen(&i18n, Locale::En, view(rows, 0));
        assert_eq!(early.page, 1);
        assert!(early.content.contains("page 1/"), "{}", early.content);
    }

    #[test]
    fn an_overlong_row_is_cut_to_fit_rather_than_breaking_the_message() {
        let i18n = I18n::load().unwrap();
        let s = screen(
            &i18n,
            Locale::Fr,
            view(vec![Row::plain("x".repeat(5000))], 1),
        );
        assert!(s.content.chars().count() <= MAX_MESSAGE);
        assert!(s.content.contains('…'));
    }

    #[test]
    fn an_empty_view_is_its_text_alone_and_an_empty_filter_keeps_its_buttons() {
        let i18n = I18n::load().unwrap();
        let mut v = view(Vec::new(), 1);
        v.empty = Some("Aucun binôme pour l'instant.".into());
        let s = screen(&i18n, Locale::Fr, v);
        assert_eq!(s.content, "Aucun binôme pour l'instant.");
        assert!(s.components.is_empty());
        let mut v = view(Vec::new(), 1);
        v.request.filter = Filter::Paused;
        let s = screen(&i18n, Locale::Fr, v);
        assert!(s
            .content
            .contains(&i18n.text(Locale::Fr, "view-filter-empty")));
        assert_eq!(s.components.len(), 1, "the filters, to go back");
    }
}

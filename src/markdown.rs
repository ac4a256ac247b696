//! Markdown body → HTML with pulldown-cmark, plus what templates, search and checks need from
//! the text: heading ids for anchors, a summary and the plain text, a word count that is right
//! for Chinese (every ideograph counts, as Chinese has no spaces), the links, and the figures
//! the text cites.
//!
//! The body is never held as a list of events: pulldown's events stream through one adaptor
//! (`Stream`) into the HTML writer, and only a heading's events wait, until its end, for its
//! id. Memory is pulldown's own block tree plus the outputs (a 4.8 MB table: 250 MB, of which
//! the tree is 220 MB, down from 1.2 GB), and time is linear in the body (100,000 empty
//! headings: 0.1 s of CPU, down from minutes).
//!
//! Editors are trusted by default (`raw_html = true`); a site that takes Markdown from less
//! trusted hands turns raw HTML off, and then nothing in a body can run a script: see
//! [`Options::raw_html`] for the exact rules.

mod citations;
mod ids;
mod plain;
mod quotes;
mod safety;

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options as ParseOptions, Parser, Tag, TagEnd};

pub(crate) use citations::{Citation, cite_text, fill, fill_html};

use citations::Segment;
use ids::Ids;
use plain::HtmlText;
use quotes::Quotes;

/// How a body is rendered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options<'a> {
    /// Whether editors' raw HTML reaches the page. Rules:
    ///
    /// **Off** (`false`), for Markdown from less trusted hands; nothing in a body can add
    /// markup, an attribute or a URL that runs script:
    /// - HTML blocks and inline HTML are written as text (`<b>` shows as `<b>`).
    /// - Heading attributes: `{#id}` and `{.class}` only. An id not made of
    ///   `[A-Za-z0-9_.-]` is replaced by its slug; a class not made of `[A-Za-z0-9_-]` is
    ///   dropped; every `key=value` (and bare `key`) attribute is dropped.
    /// - Link and image URLs must be relative (`page/`, `/de/2024/b/`, `#top`, `?q`,
    ///   `//host/x`) or use `http`, `https`, `mailto` or `tel`. The scheme is read as a browser
    ///   reads it, after pulldown has decoded entities and escapes: surrounding spaces and
    ///   control characters are stripped, tabs and newlines inside are removed, case is
    ///   ignored, so ` JaVaScRiPt:`, `java&#x09;script:` and `\x01javascript:` are all
    ///   `javascript:`. Any other scheme (`javascript:`, `vbscript:`, `data:`, `file:`, …), and
    ///   anything with a `:` before its first `/`, `?` or `#` that is not one of the four, is
    ///   refused: a refused link is written as its text without `<a>`, a refused image is left
    ///   out (alt text included). [`Link::emitted`] is `None` for both, so `gazette check` can
    ///   report them.
    ///
    /// **On** (`true`, the default), for trusted editors, who could write any `<script>` anyway:
    /// - HTML blocks and inline HTML pass through unchanged.
    /// - Heading attributes: `{#id}` and `{.class}` as above, and `key=value` or bare `key`
    ///   attributes whose name is well formed (`[A-Za-z_][A-Za-z0-9_.:-]*`), except event
    ///   handlers (`on…`, any case) and `id`/`class` (which `#` and `.` set; a second one would
    ///   be a duplicate attribute). `style` is allowed. Quotes around a value are removed, as
    ///   the writer quotes and escapes every value.
    /// - Link and image URLs are not checked.
    ///
    /// In both, root-relative URLs get the base path, and heading ids are unique in the page.
    pub raw_html: bool,
    /// Typographic quotes and dashes, the quotes in the page's language (see `lang`).
    pub smart_punctuation: bool,
    /// The body's language (`de`, `zh`, `de-CH`): quotation marks (German „…“ ‚…‘, Swiss
    /// «…» ‹…›, else “…” ‘…’), slugs, the footnote back link's label.
    pub lang: &'a str,
    /// The path the site is deployed under (`/events` for `https://example.org/events/`),
    /// empty for a root deployment: root-relative link and image URLs (one leading `/`) get it
    /// in front, so editors write `/de/2024/b/` wherever the site lives. A path, not a URL;
    /// `events/` and `/events` mean the same.
    pub base_path: &'a str,
    /// Ids the theme's page template uses (`main`, `search-q`): no heading or footnote gets one.
    pub reserved_ids: &'a [&'a str],
    /// The summary's maximum length in characters; 0 for the whole first paragraph.
    pub summary_chars: usize,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            raw_html: true,
            smart_punctuation: false,
            lang: "",
            base_path: "",
            reserved_ids: &[],
            summary_chars: 200,
        }
    }
}

/// A rendered body. Text that cites figures holds placeholders in `html`, `summary`,
/// `plain_text` and heading texts until [`fill`] or [`fill_html`] puts the values in.
#[derive(Debug, Clone, Default)]
pub(crate) struct Markdown {
    /// Where the body is in its file's text, from which [`html`] makes the HTML when a page
    /// is written.
    pub source: Range<usize>,
    /// The HTML, where it was made while the body was read ([`render_with_html`]): a build
    /// then keeps this instead of the body's text (see `Article::keep_html`).
    pub html: Option<String>,
    /// The first paragraph with text (not an image alone, not a footnote) as plain text, cut
    /// to [`Options::summary_chars`]; empty if the body has none.
    pub summary: String,
    /// The body as plain text for the search index: one line per heading, paragraph, list
    /// item, table cell; inline code included, code blocks and alt text left out (they are
    /// noise in a search for event texts), the visible text of raw HTML without its tags or
    /// any `<script>`/`<style>` content.
    pub plain_text: String,
    pub headings: Vec<Heading>,
    /// Every link and image, in order, for `gazette check`.
    pub links: Vec<Link>,
    /// Every `{{key}}` citation in the text, in order.
    pub citations: Vec<Citation>,
    /// Every id the body's HTML defines (headings, footnotes), for checking `#fragment` links.
    pub ids: Vec<String>,
    /// Words in `plain_text`, every CJK character counting as one.
    pub word_count: usize,
    /// At 230 words and 400 CJK characters a minute, rounded up, at least 1.
    pub reading_minutes: usize,
}

/// A heading, for the table of contents and `#fragment` checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub level: u8,
    /// Unique in the page: the explicit `{#id}`, else the slug of the text (a cited figure as
    /// its key, so the anchor never depends on a value), else `section`; `-1`, `-2`, … when
    /// a reserved id, a footnote, an explicit id or an earlier heading has it.
    pub id: String,
    /// Plain text, with placeholders for cited figures.
    pub text: String,
}

/// A link or image as the editor wrote it and as the page has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// The URL as written (entities and escapes decoded, no base path); `mailto:` added to an
    /// email autolink, as the page has it.
    pub url: String,
    /// Byte range of the whole link or image in the body.
    pub range: Range<usize>,
    /// The URL in the page, with the base path; `None` if it was refused (raw HTML off).
    pub emitted: Option<String>,
    pub image: bool,
}

/// Reads a body: everything but its HTML (see [`html`]). Any input is fine: no panic, time
/// linear in its length.
pub(crate) fn render(body: &str, options: &Options) -> Markdown {
    run(body, options, |stream| stream.for_each(drop)).0.read(options)
}

/// The HTML of a body, exactly as [`render`] reads it: the same ids, links and citations.
/// What the pass collects is dropped unread (tidying and counting the plain text was a third
/// of the time a page's body took).
pub(crate) fn html(body: &str, options: &Options) -> String {
    run(body, options, |stream| {
        let mut html = String::with_capacity(body.len() + body.len() / 2);
        pulldown_cmark::html::push_html(&mut html, stream);
        html
    })
    .1
}

/// One pass over a body's events, which `consume` takes to the HTML writer or drops.
fn run<T>(
    body: &str,
    options: &Options,
    consume: impl FnOnce(&mut dyn Iterator<Item = Event<'_>>) -> T,
) -> (Collected, T) {
    let body = citations::neutralise(body);
    let flags = parse_options(options);
    let mut ids = Ids::new(options.reserved_ids);
    let mut footnotes = Footnotes::default();
    if needs_prescan(&body) {
        prescan(&body, flags, options.lang, &mut ids, &mut footnotes);
    }
    let parser = Parser::new_ext(&body, flags).into_offset_iter();
    let mut stream = Stream::new(parser, &body, options, ids, footnotes);
    let consumed = consume(&mut stream);
    (stream.out, consumed)
}

/// [`render`], and the HTML from the same pass, kept in [`Markdown::html`]: for a build,
/// which writes each page once and so need not parse its body a second time.
pub(crate) fn render_with_html(body: &str, options: &Options) -> Markdown {
    let (collected, html) = run(body, options, |stream| {
        let mut html = String::with_capacity(body.len() + body.len() / 2);
        pulldown_cmark::html::push_html(&mut html, stream);
        html
    });
    Markdown {
        // Kept until the page is written, so copied to its size: at 100,000 articles the
        // room to spare was 0.2 GB (shrinking in place keeps the block).
        html: Some(html.as_str().into()),
        ..collected.read(options)
    }
}

fn parse_options(options: &Options) -> ParseOptions {
    let mut flags = ParseOptions::ENABLE_TABLES
        | ParseOptions::ENABLE_FOOTNOTES
        | ParseOptions::ENABLE_STRIKETHROUGH
        | ParseOptions::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        flags |= ParseOptions::ENABLE_SMART_PUNCTUATION;
    }
    flags
}

/// Whether the body may have footnotes or explicit heading ids, which must be known before
/// the first heading gets its id. A body with neither is parsed once, else twice.
fn needs_prescan(body: &str) -> bool {
    body.contains("[^") || (body.contains('{') && body.contains('#'))
}

/// A first pass for what later text decides: explicit ids (which no earlier generated id may
/// take) and footnotes (numbered by first reference, back link only if referenced).
fn prescan(body: &str, flags: ParseOptions, lang: &str, ids: &mut Ids, footnotes: &mut Footnotes) {
    let (mut references, mut definitions) = (Vec::new(), Vec::new());
    for event in Parser::new_ext(body, flags) {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => ids.announce(ids::explicit_id(&id, lang)),
            Event::FootnoteReference(label) => references.push(label),
            Event::Start(Tag::FootnoteDefinition(label)) => definitions.push(label),
            _ => {}
        }
    }
    for label in references {
        footnotes.note(&label, lang, ids).referenced = true;
    }
    for label in definitions {
        footnotes.note(&label, lang, ids);
    }
}

/// Footnotes by label (matched case-insensitively, as pulldown matches them).
#[derive(Debug, Default)]
struct Footnotes {
    notes: HashMap<String, Note>,
}

#[derive(Debug)]
struct Note {
    number: usize,
    /// `fn-LABEL` on the definition.
    id: String,
    /// `fnref-LABEL` on the first reference, the back link's target.
    ref_id: String,
    referenced: bool,
    ref_written: bool,
    definition_written: bool,
}

impl Footnotes {
    fn note(&mut self, label: &str, lang: &str, ids: &mut Ids) -> &mut Note {
        let number = self.notes.len() + 1;
        self.notes.entry(label.to_lowercase()).or_insert_with(|| {
            let id = ids.claim(format!("fn-{}", ids::footnote_label_id(label, lang)));
            let ref_id = ids.claim(format!("fnref-{}", &id[3..]));
            Note {
                number,
                id,
                ref_id,
                referenced: false,
                ref_written: false,
                definition_written: false,
            }
        })
    }
}

/// A heading's events, held until its end gives its text and so its id.
struct PendingHeading<'a> {
    level: pulldown_cmark::HeadingLevel,
    explicit_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    events: Vec<Event<'a>>,
    text: String,
}

/// Consecutive Text events, merged so a citation split by pulldown is seen whole.
#[derive(Default)]
struct TextRun<'a> {
    first: Option<CowStr<'a>>,
    merged: String,
    segments: Vec<Segment>,
}

impl<'a> TextRun<'a> {
    fn push(&mut self, text: CowStr<'a>, source: Range<usize>) {
        let at = self.first.as_ref().map_or(0, |first| first.len() + self.merged.len());
        self.segments.push(Segment { at, source });
        match &self.first {
            None => self.first = Some(text),
            Some(_) => self.merged.push_str(&text),
        }
    }

    /// The run's text, borrowed from the body when it is a single event.
    fn take(&mut self) -> Option<CowStr<'a>> {
        let first = self.first.take()?;
        if self.merged.is_empty() {
            return Some(first);
        }
        let mut text = String::with_capacity(first.len() + self.merged.len());
        text.push_str(&first);
        text.push_str(&self.merged);
        self.merged.clear();
        Some(CowStr::from(text))
    }
}

/// Where the first paragraph stands.
#[derive(Debug, PartialEq, Eq)]
enum SummaryState {
    Looking,
    Reading,
    Found,
}

/// What the stream collects besides the HTML.
#[derive(Default)]
struct Collected {
    plain: String,
    summary: String,
    headings: Vec<Heading>,
    links: Vec<Link>,
    citations: Vec<Citation>,
    ids: Vec<String>,
}

impl Collected {
    /// The body as [`render`] gives it: the plain text tidied, words counted, the summary cut.
    fn read(self, options: &Options) -> Markdown {
        let plain_text = plain::tidy_lines(&self.plain);
        let (words, cjk) = plain::count_words(&plain_text);
        Markdown {
            source: 0..0,
            html: None,
            summary: plain::summarise(&self.summary, options.summary_chars),
            plain_text,
            headings: self.headings,
            links: self.links,
            citations: self.citations,
            ids: self.ids,
            word_count: words + cjk,
            reading_minutes: plain::reading_minutes(words, cjk),
        }
    }
}

/// The event adaptor between pulldown's parser and its HTML writer: rewrites events (ids,
/// URLs, footnotes, quotes, citations, raw HTML) and collects the plain outputs on the way.
struct Stream<'a, 'o, I> {
    inner: I,
    body: &'a str,
    options: &'o Options<'o>,
    base: String,
    queue: VecDeque<Event<'a>>,
    run: TextRun<'a>,
    heading: Option<PendingHeading<'a>>,
    ids: Ids,
    footnotes: Footnotes,
    quotes: Quotes,
    html_text: HtmlText,
    summary: SummaryState,
    /// Per open link: whether it was refused (its `<a>` is left out).
    refused_links: Vec<bool>,
    /// Events left to skip inside a refused image.
    skip_depth: usize,
    image_depth: usize,
    in_code_block: bool,
    /// The labels of the footnote definitions being read.
    footnote_labels: Vec<String>,
    /// A paragraph's end inside a footnote, held back so the back link can go inside it.
    held_paragraph_end: bool,
    /// The parser has ended and what was pending has been written.
    finished: bool,
    out: Collected,
}

impl<'a, 'o, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Stream<'a, 'o, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            if self.finished {
                return None;
            }
            match self.inner.next() {
                Some((event, range)) => self.handle(event, range),
                None => {
                    self.finished = true;
                    self.flush_text();
                    self.release_paragraph_end();
                }
            }
        }
    }
}

impl<'a, 'o, I: Iterator<Item = (Event<'a>, Range<usize>)>> Stream<'a, 'o, I> {
    fn new(inner: I, body: &'a str, options: &'o Options<'o>, ids: Ids, footnotes: Footnotes) -> Self {
        Stream {
            inner,
            body,
            options,
            base: safety::normalise_base(options.base_path),
            queue: VecDeque::new(),
            run: TextRun::default(),
            heading: None,
            ids,
            footnotes,
            quotes: Quotes::new(options.lang),
            html_text: HtmlText::default(),
            summary: SummaryState::Looking,
            refused_links: Vec::new(),
            skip_depth: 0,
            image_depth: 0,
            in_code_block: false,
            footnote_labels: Vec::new(),
            held_paragraph_end: false,
            finished: false,
            out: Collected::default(),
        }
    }

    fn handle(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.skip_depth > 0 {
            return self.skip(&event);
        }
        if self.held_paragraph_end && !matches!(event, Event::End(TagEnd::FootnoteDefinition)) {
            self.release_paragraph_end();
        }
        match event {
            Event::Text(text) if !self.in_code_block => self.push_text(text, range),
            event => {
                self.flush_text();
                self.handle_other(event, range);
            }
        }
    }

    fn handle_other(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Code(code) => {
                self.visible_text(&code);
                self.emit(Event::Code(code));
            }
            Event::Html(html) | Event::InlineHtml(html) if !self.options.raw_html => {
                self.raw_html(&html);
                self.emit(Event::Text(html));
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                self.raw_html(html);
                self.emit(event);
            }
            Event::SoftBreak => {
                self.visible_text(" ");
                self.emit(event);
            }
            Event::HardBreak => {
                self.visible_text("\n");
                self.emit(event);
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            event => self.emit(event),
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        if is_block(&tag) {
            self.block_boundary();
        }
        match tag {
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.heading = Some(PendingHeading {
                    level,
                    explicit_id: id,
                    classes,
                    attrs,
                    events: Vec::new(),
                    text: String::new(),
                })
            }
            Tag::Paragraph => self.start_paragraph(),
            Tag::Table(alignments) => {
                // Tables sit in a wrapper that scrolls sideways on a phone, so the page never does.
                self.emit(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")));
                self.emit(Event::Start(Tag::Table(alignments)));
            }
            Tag::CodeBlock(kind) => {
                self.in_code_block = true;
                self.emit(Event::Start(Tag::CodeBlock(kind)));
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => self.link(link_type, dest_url, title, id, range),
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => self.image(link_type, dest_url, title, id, range),
            Tag::FootnoteDefinition(label) => self.footnote_definition(&label),
            tag => self.emit(Event::Start(tag)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if is_block_end(&tag) {
            self.block_boundary();
        }
        match tag {
            TagEnd::Heading(_) => self.finish_heading(),
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Table => {
                self.emit(Event::End(TagEnd::Table));
                self.emit(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                self.emit(Event::End(TagEnd::CodeBlock));
            }
            TagEnd::Link => {
                if !self.refused_links.pop().unwrap_or(false) {
                    self.emit(Event::End(TagEnd::Link));
                }
            }
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.emit(Event::End(TagEnd::Image));
            }
            TagEnd::FootnoteDefinition => self.end_footnote_definition(),
            tag => self.emit(Event::End(tag)),
        }
    }

    /// Between blocks: a new line in the plain text, no quote stays open, and no raw HTML
    /// tag either (an unclosed `<script>` hides the rest of its block from the plain text,
    /// never the rest of the body).
    fn block_boundary(&mut self) {
        self.quotes.reset();
        self.html_text = HtmlText::default();
        if !self.out.plain.is_empty() && !self.out.plain.ends_with('\n') {
            self.out.plain.push('\n');
        }
    }

    /// Sends an event to the writer, or into the heading that waits for its id.
    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => self.queue.push_back(event),
        }
    }

    fn skip(&mut self, event: &Event<'a>) {
        match event {
            Event::Start(_) => self.skip_depth += 1,
            Event::End(_) => self.skip_depth -= 1,
            _ => {}
        }
    }

    fn push_text(&mut self, text: CowStr<'a>, range: Range<usize>) {
        let text = match self.options.smart_punctuation {
            true => match self.quotes.convert(&text, &range, self.body) {
                Some(mark) => CowStr::Borrowed(mark),
                None => text,
            },
            false => text,
        };
        self.run.push(text, range);
    }

    /// Writes the pending text run, with its citations turned into placeholders.
    fn flush_text(&mut self) {
        let Some(text) = self.run.take() else {
            return;
        };
        let cited = citations::cite(&text, &self.run.segments, self.body, &mut self.out.citations);
        self.run.segments.clear();
        let text = cited.map_or(text, CowStr::from);
        self.visible_text(&text);
        self.emit(Event::Text(text));
    }

    /// Text a reader sees: into the plain text, the summary and the heading text. Alt text and
    /// the content of a `<script>` or `<style>` are not read.
    fn visible_text(&mut self, text: &str) {
        if self.image_depth > 0 || self.html_text.in_raw_element() {
            return;
        }
        self.out.plain.push_str(text);
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
        // Enough for any cut: a summary never needs more than its maximum and a little more.
        let cap = self.options.summary_chars.saturating_add(8).saturating_mul(4);
        let room = self.options.summary_chars == 0 || self.out.summary.len() < cap;
        if self.summary == SummaryState::Reading && room {
            self.out.summary.push_str(text);
        }
    }

    fn raw_html(&mut self, html: &str) {
        let mut text = String::new();
        self.html_text.feed(html, &mut text);
        self.visible_text(&text);
    }

    /// A paragraph outside footnotes may be the summary, until it proves empty.
    fn start_paragraph(&mut self) {
        if self.summary == SummaryState::Looking && self.footnote_labels.is_empty() {
            self.summary = SummaryState::Reading;
            self.out.summary.clear();
        }
        self.emit(Event::Start(Tag::Paragraph));
    }

    fn end_paragraph(&mut self) {
        if self.summary == SummaryState::Reading {
            let has_text = self.out.summary.chars().any(|c| !c.is_whitespace());
            self.summary = if has_text {
                SummaryState::Found
            } else {
                SummaryState::Looking
            };
        }
        if self.footnote_labels.is_empty() {
            self.emit(Event::End(TagEnd::Paragraph));
        } else {
            self.held_paragraph_end = true;
        }
    }

    fn release_paragraph_end(&mut self) {
        if std::mem::take(&mut self.held_paragraph_end) {
            self.emit(Event::End(TagEnd::Paragraph));
        }
    }

    fn finish_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let lang = self.options.lang;
        let id = match &heading.explicit_id {
            Some(raw) => self.ids.explicit(ids::explicit_id(raw, lang)),
            None => self.ids.claim(ids::auto_id(&citations::keys_only(&heading.text), lang)),
        };
        self.out.ids.push(id.clone());
        self.out.headings.push(Heading {
            level: heading.level as u8,
            id: id.clone(),
            text: plain::collapse_whitespace(&heading.text),
        });
        self.queue.push_back(Event::Start(Tag::Heading {
            level: heading.level,
            id: Some(CowStr::from(id)),
            classes: heading
                .classes
                .into_iter()
                .filter(|c| safety::is_safe_class(c))
                .collect(),
            attrs: safety::heading_attrs(heading.attrs, self.options.raw_html),
        }));
        self.queue.extend(heading.events);
        self.queue.push_back(Event::End(TagEnd::Heading(heading.level)));
    }

    /// The URL for the page, or `None` if raw HTML is off and its scheme is not allowed.
    fn checked_url(&self, url: &CowStr<'a>) -> Option<CowStr<'a>> {
        if !self.options.raw_html && !safety::is_safe_url(url) {
            return None;
        }
        Some(safety::with_base(url.clone(), &self.base))
    }

    fn record_link(&mut self, link_type: LinkType, url: &str, emitted: Option<&str>, range: Range<usize>) {
        let mailto = |u: &str| match link_type {
            LinkType::Email => format!("mailto:{u}"),
            _ => u.to_string(),
        };
        self.out.links.push(Link {
            url: mailto(url),
            range,
            emitted: emitted.map(mailto),
            image: false,
        });
    }

    fn link(&mut self, link_type: LinkType, url: CowStr<'a>, title: CowStr<'a>, id: CowStr<'a>, range: Range<usize>) {
        let checked = self.checked_url(&url);
        self.record_link(link_type, &url, checked.as_deref(), range);
        self.refused_links.push(checked.is_none());
        if let Some(dest_url) = checked {
            self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }));
        }
    }

    fn image(&mut self, link_type: LinkType, url: CowStr<'a>, title: CowStr<'a>, id: CowStr<'a>, range: Range<usize>) {
        let checked = self.checked_url(&url);
        self.record_link(link_type, &url, checked.as_deref(), range);
        if let Some(link) = self.out.links.last_mut() {
            link.image = true;
        }
        match checked {
            None => self.skip_depth = 1,
            Some(dest_url) => {
                self.image_depth += 1;
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
        }
    }

    fn footnote_reference(&mut self, label: &str) {
        let note = self.footnotes.note(label, self.options.lang, &mut self.ids);
        let id_attr = match std::mem::replace(&mut note.ref_written, true) {
            false => format!(" id=\"{}\"", note.ref_id),
            true => String::new(),
        };
        let html = format!(
            "<sup class=\"footnote-reference\"><a href=\"#{}\"{id_attr}>{}</a></sup>",
            note.id, note.number
        );
        if !id_attr.is_empty() {
            let ref_id = note.ref_id.clone();
            self.out.ids.push(ref_id);
        }
        self.emit(Event::InlineHtml(CowStr::from(html)));
    }

    /// Opens a footnote. A label defined twice gets a second, unused id: ids stay unique.
    fn footnote_definition(&mut self, label: &str) {
        let note = self.footnotes.note(label, self.options.lang, &mut self.ids);
        let (number, first) = (note.number, !std::mem::replace(&mut note.definition_written, true));
        let id = if first {
            note.id.clone()
        } else {
            self.ids.claim(note.id.clone())
        };
        let html = format!(
            "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{number}</sup>"
        );
        self.out.ids.push(id);
        self.footnote_labels.push(label.to_string());
        self.emit(Event::Html(CowStr::from(html)));
    }

    /// Closes a footnote with a back link to its first reference, inside its last paragraph.
    fn end_footnote_definition(&mut self) {
        let label = self.footnote_labels.pop().unwrap_or_default();
        let note = self.footnotes.note(&label, self.options.lang, &mut self.ids);
        if note.referenced || note.ref_written {
            let html = format!(
                " <a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{}\">↩\u{FE0E}</a>",
                note.ref_id,
                back_label(self.options.lang)
            );
            self.emit(Event::InlineHtml(CowStr::from(html)));
        }
        self.release_paragraph_end();
        self.emit(Event::Html(CowStr::Borrowed("</div>\n")));
    }
}

/// The back link's label for screen readers, in the page's language.
fn back_label(lang: &str) -> &'static str {
    let primary = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "de" => "Zurück zum Text",
        "zh" => "返回正文",
        _ => "Back to text",
    }
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests;

//! schema.org JSON-LD for article pages: a `NewsArticle` with its author, publisher and
//! translations, and the `Event` it reports on with its status, attendance mode, `Place`,
//! country and coordinates. Built as JSON in code and escaped so that no text (a
//! `</script>` in a title, say) can end the script element it sits in.
//!
//! Translations point the way schema.org defines them: the original lists its translations
//! in `workTranslation`, a translation names its original in `translationOfWork`.

use serde::Serialize;

use super::Tools;
use super::views::rfc3339;
use crate::config::Lang;
use crate::content::front_matter::{Attendance, EventStatus};
use crate::content::model::Article;

// The nodes are typed, their fields in the order of their JSON keys' bytes (`@id`, `@type`,
// then the others): the markup reads as it did when built as `serde_json::Value` maps, which
// sort their keys, and writing it takes a fifth of the time.

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    News(Box<NewsArticle<'a>>),
    Event(Box<EventNode<'a>>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<IdRef>,
    author: Organization<'a>,
    date_modified: String,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageObject<'a>>,
    in_language: Lang,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<&'a [String]>,
    main_entity_of_page: &'a str,
    publisher: Organization<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_organization: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<Work>,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    work_translation: Option<Vec<Work>>,
}

#[derive(Serialize, Clone)]
struct IdRef {
    #[serde(rename = "@id")]
    id: String,
}

#[derive(Serialize, Clone)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Work {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    in_language: Lang,
    url: String,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ImageObject<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit_text: Option<&'a str>,
    height: u32,
    url: &'a str,
    width: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventNode<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    end_date: String,
    event_attendance_mode: &'static str,
    event_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageObject<'a>>,
    location: Places<'a>,
    name: &'a str,
    start_date: String,
    url: &'a str,
}

/// One place is written as itself, several as a list.
#[derive(Serialize)]
#[serde(untagged)]
enum Places<'a> {
    One(Place<'a>),
    Many(Vec<Place<'a>>),
}

#[derive(Serialize)]
#[serde(untagged)]
enum Place<'a> {
    Physical(PhysicalPlace<'a>),
    Virtual(VirtualLocation<'a>),
}

#[derive(Serialize)]
struct PhysicalPlace<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    address: PostalAddress<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geo: Option<GeoCoordinates>,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address_country: Option<&'a str>,
    address_locality: &'a str,
}

#[derive(Serialize)]
struct GeoCoordinates {
    #[serde(rename = "@type")]
    kind: &'static str,
    latitude: f64,
    longitude: f64,
}

#[derive(Serialize)]
struct VirtualLocation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
}

pub(super) fn article_json_ld<'a>(
    tools: &Tools,
    article: &Article,
    summary: &str,
    image: Option<&super::views::ImageView>,
    original: Option<&Article>,
    translations: impl Iterator<Item = &'a Article>,
) -> String {
    let routes = &tools.routes;
    let permalink = routes.url(&article.path);
    let site_url = routes.site_url();
    let publisher = Organization {
        kind: "Organization",
        name: tools
            .config
            .language(article.lang)
            .map_or(tools.config.title.as_str(), |l| l.title.as_str()),
        url: Some(site_url),
    };
    let source = article.source.as_ref().map(|source| Organization {
        kind: "Organization",
        name: &source.name,
        url: source.url.as_deref(),
    });
    let work = |a: &Article| {
        let url = routes.url(&a.path);
        Work {
            id: format!("{url}#article"),
            kind: "NewsArticle",
            in_language: a.lang,
            url,
        }
    };
    let (translation_of_work, work_translation) = match original {
        Some(original) => (Some(work(original)), None),
        None => {
            let translations: Vec<Work> = translations.map(work).collect();
            (None, (!translations.is_empty()).then_some(translations))
        }
    };
    let image = image.map(|i| ImageObject {
        kind: "ImageObject",
        caption: i.caption.as_deref(),
        credit_text: i.credit.as_deref(),
        height: i.height,
        url: &i.permalink,
        width: i.width,
    });
    let event = event(article, &permalink, image.clone());
    let news = NewsArticle {
        id: format!("{permalink}#article"),
        kind: "NewsArticle",
        about: event.as_ref().map(|e| IdRef { id: e.id.clone() }),
        author: source.clone().unwrap_or_else(|| publisher.clone()),
        date_modified: rfc3339(&super::latest_change(article)),
        date_published: rfc3339(&article.date),
        description: (!summary.is_empty()).then_some(summary),
        headline: &article.title,
        image,
        in_language: article.lang,
        is_based_on: article.source.as_ref().and_then(|s| s.url.as_deref()),
        keywords: (!article.tags.is_empty()).then_some(article.tags.as_slice()),
        main_entity_of_page: &permalink,
        publisher,
        source_organization: source,
        translation_of_work,
        url: &permalink,
        work_translation,
    };
    let mut graph = vec![Node::News(Box::new(news))];
    graph.extend(event.map(|e| Node::Event(Box::new(e))));
    let document = Document {
        context: "https://schema.org",
        graph,
    };
    script_safe(&serde_json::to_string(&document).unwrap_or_default())
}

fn event<'a>(article: &'a Article, permalink: &'a str, image: Option<ImageObject<'a>>) -> Option<EventNode<'a>> {
    let event = article.event.as_ref()?;
    let mut places = Vec::new();
    if let Some(location) = &article.location {
        places.push(Place::Physical(PhysicalPlace {
            kind: "Place",
            address: PostalAddress {
                kind: "PostalAddress",
                address_country: location.country.as_deref(),
                address_locality: &location.name,
            },
            geo: location.coordinates.map(|[latitude, longitude]| GeoCoordinates {
                kind: "GeoCoordinates",
                latitude,
                longitude,
            }),
            name: &location.name,
        }));
    }
    if event.attendance != Attendance::Offline {
        places.push(Place::Virtual(VirtualLocation {
            kind: "VirtualLocation",
            url: permalink,
        }));
    }
    // Google lists an event only with its place; markup without one would be reported as
    // broken in Search Console (`gazette check` warns instead, see check::events_without_place).
    let location = match places.len() {
        0 => return None,
        1 => Places::One(places.remove(0)),
        _ => Places::Many(places),
    };
    Some(EventNode {
        id: format!("{permalink}#event"),
        kind: "Event",
        end_date: event.end.to_string(),
        event_attendance_mode: match event.attendance {
            Attendance::Offline => "https://schema.org/OfflineEventAttendanceMode",
            Attendance::Online => "https://schema.org/OnlineEventAttendanceMode",
            Attendance::Mixed => "https://schema.org/MixedEventAttendanceMode",
        },
        event_status: match event.status {
            EventStatus::Scheduled => "https://schema.org/EventScheduled",
            EventStatus::Cancelled => "https://schema.org/EventCancelled",
            EventStatus::Postponed => "https://schema.org/EventPostponed",
            EventStatus::Rescheduled => "https://schema.org/EventRescheduled",
            EventStatus::MovedOnline => "https://schema.org/EventMovedOnline",
        },
        image,
        location,
        name: &event.name,
        start_date: event.start.to_string(),
        url: permalink,
    })
}

/// `<`, `>` and `&` as JSON unicode escapes: still the same JSON, but nothing an HTML parser
/// reads as the end of the script or a comment.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 32);
    let mut rest = json;
    while let Some(at) = rest.find(['<', '>', '&']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

//! schema.org JSON-LD for article pages: a `NewsArticle` with its author, publisher and
//! translations, and the `Event` it reports on with its status, attendance mode, `Place`,
//! country and coordinates. Built as JSON in code and escaped so that no text (a
//! `</script>` in a title, say) can end the script element it sits in.
//!
//! Translations point the way schema.org defines them: the original lists its translations
//! in `workTranslation`, a translation names its original in `translationOfWork`.

use serde_json::{Map, Value, json};

use super::Tools;
use super::views::rfc3339;
use crate::content::front_matter::{Attendance, EventStatus};
use crate::content::model::Article;

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
    let publisher_name = tools
        .config
        .language(article.lang)
        .map_or(tools.config.title.as_str(), |l| l.title.as_str());
    let publisher = json!({ "@type": "Organization", "name": publisher_name, "url": routes.site_url() });
    let mut news = json!({
        "@type": "NewsArticle",
        "@id": format!("{permalink}#article"),
        "headline": article.title,
        "url": permalink,
        "mainEntityOfPage": permalink,
        "inLanguage": article.lang,
        "datePublished": rfc3339(&article.date),
        "dateModified": rfc3339(&super::latest_change(article)),
        "publisher": publisher,
    });
    let fields = news.as_object_mut().expect("built as an object");
    if !summary.is_empty() {
        fields.insert("description".into(), json!(summary));
    }
    if !article.tags.is_empty() {
        fields.insert("keywords".into(), json!(article.tags));
    }
    match &article.source {
        Some(source) => {
            let mut organisation = json!({ "@type": "Organization", "name": source.name });
            if let Some(url) = &source.url {
                organisation["url"] = json!(url);
                fields.insert("isBasedOn".into(), json!(url));
            }
            fields.insert("sourceOrganization".into(), organisation.clone());
            fields.insert("author".into(), organisation);
        }
        None => {
            fields.insert("author".into(), fields["publisher"].clone());
        }
    }
    let work = |a: &Article| json!({ "@type": "NewsArticle", "@id": format!("{}#article", routes.url(&a.path)), "url": routes.url(&a.path), "inLanguage": a.lang });
    if let Some(original) = original {
        fields.insert("translationOfWork".into(), work(original));
    } else {
        let translations: Vec<Value> = translations.map(work).collect();
        if !translations.is_empty() {
            fields.insert("workTranslation".into(), Value::Array(translations));
        }
    }
    let image = image.map(|i| {
        let mut object = json!({ "@type": "ImageObject", "url": i.permalink, "width": i.width, "height": i.height });
        if let Some(caption) = &i.caption {
            object["caption"] = json!(caption);
        }
        if let Some(credit) = &i.credit {
            object["creditText"] = json!(credit);
        }
        object
    });
    if let Some(image) = &image {
        fields.insert("image".into(), image.clone());
    }
    let mut graph = vec![];
    if let Some(mut node) = event(article, &permalink) {
        fields.insert("about".into(), json!({ "@id": node["@id"] }));
        if let Some(image) = image {
            node.insert("image".into(), image);
        }
        graph.push(Value::Object(node));
    }
    graph.insert(0, news);
    let document = json!({ "@context": "https://schema.org", "@graph": graph });
    script_safe(&document.to_string())
}

fn event(article: &Article, permalink: &str) -> Option<Map<String, Value>> {
    let event = article.event.as_ref()?;
    let mut node = Map::new();
    node.insert("@type".into(), json!("Event"));
    node.insert("@id".into(), json!(format!("{permalink}#event")));
    node.insert("name".into(), json!(event.name));
    node.insert("startDate".into(), json!(event.start.to_string()));
    node.insert("endDate".into(), json!(event.end.to_string()));
    node.insert("url".into(), json!(permalink));
    let status = match event.status {
        EventStatus::Scheduled => "https://schema.org/EventScheduled",
        EventStatus::Cancelled => "https://schema.org/EventCancelled",
        EventStatus::Postponed => "https://schema.org/EventPostponed",
        EventStatus::Rescheduled => "https://schema.org/EventRescheduled",
        EventStatus::MovedOnline => "https://schema.org/EventMovedOnline",
    };
    node.insert("eventStatus".into(), json!(status));
    let mode = match event.attendance {
        Attendance::Offline => "https://schema.org/OfflineEventAttendanceMode",
        Attendance::Online => "https://schema.org/OnlineEventAttendanceMode",
        Attendance::Mixed => "https://schema.org/MixedEventAttendanceMode",
    };
    node.insert("eventAttendanceMode".into(), json!(mode));
    let mut places = Vec::new();
    if let Some(location) = &article.location {
        let mut place = json!({ "@type": "Place", "name": location.name });
        let mut address = json!({ "@type": "PostalAddress", "addressLocality": location.name });
        if let Some(country) = &location.country {
            address["addressCountry"] = json!(country);
        }
        place["address"] = address;
        if let Some([lat, lon]) = location.coordinates {
            place["geo"] = json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
        }
        places.push(place);
    }
    if event.attendance != Attendance::Offline {
        places.push(json!({ "@type": "VirtualLocation", "url": permalink }));
    }
    // Google lists an event only with its place; markup without one would be reported as
    // broken in Search Console (`gazette check` warns instead, see check::events_without_place).
    match places.len() {
        0 => return None,
        1 => {
            node.insert("location".into(), places.remove(0));
        }
        _ => {
            node.insert("location".into(), Value::Array(places));
        }
    }
    Some(node)
}

/// `<`, `>` and `&` as JSON unicode escapes: still the same JSON, but nothing an HTML parser
/// reads as the end of the script or a comment.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

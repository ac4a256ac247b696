//! schema.org JSON-LD for article pages: a `NewsArticle`, and the `Event` it reports on with
//! its `Place`, country and coordinates. Built as JSON in code and escaped so that no text
//! (a `</script>` in a title, say) can end the script element it sits in.

use serde_json::{Map, Value, json};

use super::views::rfc3339;
use crate::content::model::Article;
use crate::site::Site;

pub fn article_json_ld(site: &Site, article: &Article) -> String {
    let config = &site.config;
    let permalink = config.absolute_url(&article.path);
    let published = rfc3339(&article.date);
    let language = config
        .language(&article.lang)
        .map_or(config.title.as_str(), |l| l.title.as_str());
    let mut news = json!({
        "@type": "NewsArticle",
        "@id": format!("{permalink}#article"),
        "headline": article.title,
        "url": permalink,
        "mainEntityOfPage": permalink,
        "inLanguage": article.lang,
        "datePublished": published,
        "dateModified": rfc3339(&super::latest_change(article)),
        "publisher": { "@type": "Organization", "name": language, "url": config.base_url },
    });
    let fields = news.as_object_mut().expect("built as an object");
    if !article.summary.is_empty() {
        fields.insert("description".into(), json!(article.summary));
    }
    if !article.tags.is_empty() {
        fields.insert("keywords".into(), json!(article.tags));
    }
    if let Some(source) = &article.source {
        let mut organisation = json!({ "@type": "Organization", "name": source.name });
        if let Some(url) = &source.url {
            organisation["url"] = json!(url);
            fields.insert("isBasedOn".into(), json!(url));
        }
        fields.insert("sourceOrganization".into(), organisation);
    }
    let translations: Vec<Value> = site
        .translations_of(article)
        .map(|t| json!({ "@type": "NewsArticle", "url": config.absolute_url(&t.path), "inLanguage": t.lang }))
        .collect();
    if !translations.is_empty() {
        fields.insert("workTranslation".into(), Value::Array(translations));
    }
    let mut graph = vec![];
    if let Some(event) = &article.event {
        let event_id = format!("{permalink}#event");
        let mut node = Map::new();
        node.insert("@type".into(), json!("Event"));
        node.insert("@id".into(), json!(event_id));
        node.insert("name".into(), json!(event.name));
        node.insert("startDate".into(), json!(event.start.to_string()));
        node.insert("endDate".into(), json!(event.end.to_string()));
        node.insert("url".into(), json!(permalink));
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
            node.insert("location".into(), place);
        }
        fields.insert("about".into(), json!({ "@id": event_id }));
        graph.push(Value::Object(node));
    }
    graph.insert(0, news);
    let document = json!({ "@context": "https://schema.org", "@graph": graph });
    script_safe(&document.to_string())
}

/// `<`, `>` and `&` as JSON unicode escapes: still the same JSON, but nothing an HTML parser
/// reads as the end of the script or a comment.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

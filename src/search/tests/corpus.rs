//! A deterministic generator of German and Chinese event reports for the search tests and
//! benchmarks: fairs, investment talks, signings, with cities, companies, people and figures.
//!
//! Templated sentences alone would give a vocabulary of a few hundred words, far below a real
//! news archive's, and so an index that is unrealistically small. Names of companies, people
//! and compound nouns are therefore composed from parts, and figures are drawn from wide
//! ranges, which gives the long tail of rare terms that decides how large the index is (at
//! 10,000 articles about 110,000 distinct German terms and 200,000 distinct Chinese terms).
//!
//! Only the standard library; splitmix64, so a seed always gives the same text.

#![allow(dead_code)]

/// One generated article in one language.
pub(super) struct Article {
    pub url: String,
    pub title: String,
    pub date: String,
    pub summary: String,
    pub event: String,
    pub location: String,
    pub source: String,
    pub tags: Vec<String>,
    pub body: String,
}

pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    pub(super) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below((hi - lo + 1) as usize) as u64
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

const CITIES: &[(&str, &str)] = &[
    ("Chongqing", "重庆"),
    ("Jinan", "济南"),
    ("Qingdao", "青岛"),
    ("Yantai", "烟台"),
    ("Weifang", "潍坊"),
    ("Zibo", "淄博"),
    ("Linyi", "临沂"),
    ("Lanzhou", "兰州"),
    ("Tianshui", "天水"),
    ("Jiuquan", "酒泉"),
    ("Zhangye", "张掖"),
    ("Chengdu", "成都"),
    ("Xi'an", "西安"),
    ("Guiyang", "贵阳"),
    ("Kunming", "昆明"),
    ("Urumqi", "乌鲁木齐"),
    ("Xining", "西宁"),
    ("Yinchuan", "银川"),
    ("Peking", "北京"),
    ("Shanghai", "上海"),
    ("Guangzhou", "广州"),
    ("Shenzhen", "深圳"),
    ("Hangzhou", "杭州"),
    ("Wuhan", "武汉"),
    ("Harbin", "哈尔滨"),
    ("Berlin", "柏林"),
    ("Hamburg", "汉堡"),
    ("München", "慕尼黑"),
    ("Köln", "科隆"),
    ("Düsseldorf", "杜塞尔多夫"),
    ("Leipzig", "莱比锡"),
    ("Duisburg", "杜伊斯堡"),
    ("Nürnberg", "纽伦堡"),
    ("Stuttgart", "斯图加特"),
];

const REGIONS: &[(&str, &str)] = &[
    ("Shandong", "山东"),
    ("Gansu", "甘肃"),
    ("Sichuan", "四川"),
    ("Guizhou", "贵州"),
    ("Xinjiang", "新疆"),
    ("Ningxia", "宁夏"),
    ("Bayern", "巴伐利亚州"),
    ("Sachsen", "萨克森州"),
    ("Hessen", "黑森州"),
    ("Niedersachsen", "下萨克森州"),
    ("Baden-Württemberg", "巴登-符腾堡州"),
];

const TAGS: &[(&str, &str)] = &[
    ("Investitionen", "投资"),
    ("Automobil", "汽车"),
    ("Messe", "展会"),
    ("Landwirtschaft", "农业"),
    ("Außenhandel", "对外贸易"),
    ("Logistik", "物流"),
    ("Neue Energien", "新能源"),
    ("Maschinenbau", "装备制造"),
    ("Digitalwirtschaft", "数字经济"),
    ("Tourismus", "文化旅游"),
    ("Seidenstraße", "丝绸之路"),
    ("Wasserstoff", "氢能"),
    ("Halbleiter", "半导体"),
    ("Biomedizin", "生物医药"),
    ("Ländliche Entwicklung", "乡村振兴"),
    ("Bildung", "教育"),
];

const EVENTS: &[(&str, &str)] = &[
    ("Investitionskonferenz", "投资洽谈会"),
    ("Kooperationsmesse", "东西部协作博览会"),
    ("Wirtschaftsforum", "经贸合作论坛"),
    ("Agrarmesse", "农产品展销会"),
    ("Jobbörse", "劳务协作招聘会"),
    ("Projektbörse", "项目对接会"),
    ("Industriemesse", "工业博览会"),
    ("Innovationskonferenz", "创新合作大会"),
];

const SOURCES: &[(&str, &str)] = &[
    ("dzwww.com", "大众网"),
    ("Xinhua", "新华网"),
    ("Volkszeitung Online", "人民网"),
    ("China News Service", "中国新闻网"),
    ("Gansu Daily", "甘肃日报"),
    ("Handelsblatt", "德国商报"),
    ("Deutsche Welle", "德国之声"),
];

/// Parts of German compound nouns: 48 × 40 = 1,920 compounds, plus case endings.
const DE_HEADS: &[&str] = &[
    "Außenhandels",
    "Wirtschafts",
    "Industrie",
    "Agrar",
    "Energie",
    "Logistik",
    "Verkehrs",
    "Umwelt",
    "Forschungs",
    "Bildungs",
    "Gesundheits",
    "Handels",
    "Export",
    "Import",
    "Technologie",
    "Stahl",
    "Textil",
    "Chemie",
    "Hafen",
    "Bahn",
    "Solar",
    "Wind",
    "Wasserstoff",
    "Batterie",
    "Software",
    "Maschinen",
    "Fahrzeug",
    "Lebensmittel",
    "Obst",
    "Gemüse",
    "Getreide",
    "Milch",
    "Tee",
    "Wein",
    "Kohle",
    "Gas",
    "Strom",
    "Netz",
    "Daten",
    "Cloud",
    "Chip",
    "Roboter",
    "Medizin",
    "Pharma",
    "Kultur",
    "Tourismus",
    "Hochschul",
    "Stadt",
];
const DE_TAILS: &[&str] = &[
    "kammer",
    "verband",
    "zentrum",
    "park",
    "messe",
    "konferenz",
    "abkommen",
    "projekt",
    "programm",
    "fonds",
    "netzwerk",
    "plattform",
    "strategie",
    "initiative",
    "kooperation",
    "partnerschaft",
    "förderung",
    "entwicklung",
    "produktion",
    "ausstellung",
    "delegation",
    "behörde",
    "ministerium",
    "institut",
    "labor",
    "werk",
    "standort",
    "gebiet",
    "korridor",
    "route",
    "zone",
    "markt",
    "börse",
    "gipfel",
    "forum",
    "dialog",
    "tage",
    "woche",
    "preis",
    "bericht",
];
const DE_ENDINGS: &[&str] = &["", "", "", "s", "n", "en", "es"];
const DE_FIRST: &[&str] = &[
    "Anna", "Jürgen", "Sabine", "Thomas", "Katrin", "Michael", "Ulrike", "Stefan", "Monika", "Klaus", "Petra",
    "Andreas", "Birgit", "Frank", "Heike", "Ralf", "Jörg", "Sönke", "Grete", "Björn",
];
const DE_LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Weiß",
    "Groß",
    "Köhler",
    "Jäger",
    "Günther",
    "Böhm",
];
const DE_FORMS: &[&str] = &["GmbH", "AG", "Holding", "KG", "Gruppe"];

/// Characters that company and person names are composed of.
const ZH_NAME_CHARS: &str = "华鑫泰恒瑞德信诚安康宏远盛达通利丰源新兴隆昌明辉伟嘉佳美晨阳光正大金银海天地山河川\
    鲁齐陇渝蜀黔滇秦晋豫皖苏浙闽粤桂湘鄂赣辽吉黑蒙宁青藏疆港澳台中国长城泉城沂蒙黄河渤海胶东丝路祁连敦煌酒钢凯旋博润\
    志强国平建军丽娟秀英桂兰玉珍敏静丹霞晓燕文斌俊杰浩然子轩思远雨涵欣怡梓萱一鸣";
const ZH_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const ZH_INDUSTRY: &[&str] = &[
    "机械",
    "物流",
    "汽车",
    "农产品",
    "钢铁",
    "化工",
    "纺织",
    "港口",
    "生物制药",
    "光伏",
    "数字科技",
    "食品",
    "电子",
    "新材料",
    "风电",
    "医疗器械",
    "软件",
    "储能",
    "冷链",
    "跨境电商",
];
const ZH_FORMS: &[&str] = &["有限公司", "股份有限公司", "集团", "控股公司"];
const ZH_NOUNS: &[&str] = &[
    "产业园区",
    "合作项目",
    "招商引资",
    "营商环境",
    "产业链",
    "供应链",
    "人才培养",
    "科技创新",
    "绿色发展",
    "乡村振兴",
    "对外开放",
    "跨境贸易",
    "中欧班列",
    "冷链物流",
    "数字经济",
    "新能源汽车",
    "现代农业",
    "特色产品",
    "展销会",
    "推介会",
    "签约仪式",
    "洽谈会",
    "博览会",
    "交流会",
    "考察团",
    "代表团",
];

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// German thousands grouping: 1500 → "1.500".
pub(super) fn group_de(n: u64) -> String {
    group(n, '.')
}

/// Chinese (and English) thousands grouping: 1500 → "1,500".
pub(super) fn group_zh(n: u64) -> String {
    group(n, ',')
}

fn group(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// Values shared by the two language versions of one article.
struct Facts {
    city: usize,
    city2: usize,
    region: usize,
    region2: usize,
    event: usize,
    edition: u64,
    source: usize,
    tags: Vec<usize>,
    year: u64,
    month: u64,
    day: u64,
}

/// `count` articles per language, newest first: (German, Chinese) pairs.
pub(super) fn generate(count: usize, seed: u64) -> (Vec<Article>, Vec<Article>) {
    let mut rng = Rng::new(seed);
    let mut de = Vec::with_capacity(count);
    let mut zh = Vec::with_capacity(count);
    for i in 0..count {
        // Newest first: article 0 is the most recent, one article every ~8 hours back from 2025.
        let age_days = (i as u64 * 8) / 24;
        let (year, month, day) = date_back(age_days);
        let mut tags = Vec::new();
        for _ in 0..rng.range(2, 4) {
            let t = rng.below(TAGS.len());
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let facts = Facts {
            city: rng.below(CITIES.len()),
            city2: rng.below(CITIES.len()),
            region: rng.below(REGIONS.len()),
            region2: rng.below(REGIONS.len()),
            event: rng.below(EVENTS.len()),
            edition: rng.range(1, 20),
            source: rng.below(SOURCES.len()),
            tags,
            year,
            month,
            day,
        };
        let seed_de = rng.next_u64();
        let seed_zh = rng.next_u64();
        de.push(german(&facts, i, &mut Rng::new(seed_de)));
        zh.push(chinese(&facts, i, &mut Rng::new(seed_zh)));
    }
    (de, zh)
}

fn date_back(days: u64) -> (u64, u64, u64) {
    // A simple 360-day calendar is enough for display dates.
    let total = 2025 * 360 - days;
    (total / 360, (total % 360) / 30 + 1, total % 30 + 1)
}

fn figure(rng: &mut Rng) -> u64 {
    match rng.below(4) {
        0 => rng.range(2, 99),
        1 => rng.range(100, 999),
        2 => rng.range(10, 999) * 10,
        _ => rng.range(1_000, 150_000),
    }
}

fn de_compound(rng: &mut Rng) -> String {
    format!("{}{}{}", rng.pick(DE_HEADS), rng.pick(DE_TAILS), rng.pick(DE_ENDINGS))
}

/// Syllables of rare names: 60³ = 216,000 surnames and place names, the long tail of a
/// news archive's vocabulary.
const DE_SYLLABLES: &[&str] = &[
    "ber", "gen", "hof", "mann", "stein", "wald", "brun", "ner", "kal", "ten", "dorf", "bach", "ried", "hau", "sen",
    "lin", "ger", "mei", "ster", "rode", "wies", "eck", "holz", "feld", "burg", "lo", "ha", "ken", "tra", "vo", "gel",
    "sang", "mül", "ler", "bö", "hm", "grü", "ne", "wei", "ßen", "kamp", "horst", "lin", "de", "ro", "sa", "ki", "tz",
    "ow", "itz", "au", "er", "zel", "ma", "nu", "ri", "pe", "tö", "schl", "ag",
];

fn de_rare(rng: &mut Rng) -> String {
    let mut w: String = (0..3).map(|_| *rng.pick(DE_SYLLABLES)).collect();
    if let Some(first) = w.chars().next() {
        let upper: String = first.to_uppercase().collect();
        w.replace_range(..first.len_utf8(), &upper);
    }
    w
}

fn de_person(rng: &mut Rng) -> String {
    if rng.chance(0.5) {
        format!("{} {}", rng.pick(DE_FIRST), de_rare(rng))
    } else {
        format!("{} {}", rng.pick(DE_FIRST), rng.pick(DE_LAST))
    }
}

fn de_company(rng: &mut Rng) -> String {
    let head = de_rare(rng);
    let tail = rng.pick(DE_TAILS);
    format!("{head} {}{tail} {}", rng.pick(DE_HEADS), rng.pick(DE_FORMS))
}

fn german(f: &Facts, index: usize, rng: &mut Rng) -> Article {
    let city = CITIES[f.city].0;
    let city2 = CITIES[f.city2].0;
    let region = REGIONS[f.region].0;
    let region2 = REGIONS[f.region2].0;
    let event = format!("{}. {} {city}", f.edition, EVENTS[f.event].0);
    let date = format!("{}. {} {}", f.day, MONTHS_DE[(f.month - 1) as usize], f.year);
    let mut body = String::with_capacity(3000);
    let sentences = rng.range(18, 26);
    for s in 0..sentences {
        let n = group_de(figure(rng));
        let m = group_de(figure(rng));
        let pct = format!("{},{}", rng.range(1, 40), rng.range(1, 9));
        let c1 = de_compound(rng);
        let c2 = de_compound(rng);
        let person = de_person(rng);
        let company = de_company(rng);
        let sentence = match rng.below(16) {
            0 => format!("Am {date} kamen in {city} Vertreter von mehr als {n} Unternehmen aus {region} zusammen."),
            1 => format!("Die {event} stand unter dem Motto „Offenheit, Zusammenarbeit, gemeinsamer Gewinn“."),
            2 => format!("Insgesamt wurden {n} Projekte mit einem Volumen von {pct} Milliarden Yuan unterzeichnet."),
            3 => format!("{company} kündigte an, in {city2} ein neues Werk für die {c1} zu errichten."),
            4 => format!("Nach Angaben der Veranstalter entstehen dadurch rund {n} neue Arbeitsplätze in {region2}."),
            5 => format!("Auf einer Fläche von {n} Quadratmetern präsentierten {m} Aussteller ihre Produkte."),
            6 => format!("Während der Messe wurden mehr als {n} Besucher gezählt, darunter viele Fachbesucher."),
            7 => format!("Der Außenhandel zwischen {region} und {region2} wuchs im vergangenen Jahr um {pct} Prozent."),
            8 => format!("{person} von der {c1} sagte, man sehe in {city} großes Potenzial für die {c2}."),
            9 => format!("Im Mittelpunkt der Gespräche standen die {c1}, die Ausbildung von Fachkräften und die {c2}."),
            10 => format!(
                "Der Güterzug von {city} nach {city2} verkehrt inzwischen {} Mal pro Woche.",
                rng.range(2, 30)
            ),
            11 => format!("Die Provinzregierung von {region} stellte Fördermittel von {m} Millionen Yuan in Aussicht."),
            12 => format!("Über einen Online-Marktplatz wurden Agrarprodukte im Wert von {n} Millionen Yuan verkauft."),
            13 => format!("{person}, Leiterin der {c2}, lobte das schnelle Genehmigungsverfahren in {city2}."),
            14 => format!(
                "Die Teilnehmer aus {} und {} betonten die Bedeutung stabiler Lieferketten für {c1}.",
                de_rare(rng),
                de_rare(rng)
            ),
            _ => format!(
                "Bis {} sollen alle unterzeichneten Projekte der {c1} in Betrieb gehen.",
                f.year + 1
            ),
        };
        body.push_str(&sentence);
        body.push(if s % 5 == 4 { '\n' } else { ' ' });
    }
    let n = group_de(figure(rng));
    let title = match rng.below(3) {
        0 => format!("{n} Unternehmen aus {region} bei der {event}"),
        1 => format!("{}: neue Projekte in {city}", event),
        _ => format!("{city} und {city2} vertiefen die Zusammenarbeit"),
    };
    Article {
        url: format!(
            "/de/{}/{}-{index:05}/",
            f.year,
            CITIES[f.city].0.to_lowercase().replace('\'', "")
        ),
        title,
        date,
        summary: format!("Bei der {event} in {city} wurden {n} Projekte unterzeichnet."),
        event,
        location: city.to_string(),
        source: SOURCES[f.source].0.to_string(),
        tags: f.tags.iter().map(|&t| TAGS[t].0.to_string()).collect(),
        body,
    }
}

fn zh_name(rng: &mut Rng, pool: &[char], len: usize) -> String {
    (0..len).map(|_| *rng.pick(pool)).collect()
}

/// A name of rare characters (U+4E00–U+62FF, the first 5,120 ideographs): the long tail of
/// Chinese bigrams that names of people, firms and villages bring.
fn zh_rare(rng: &mut Rng, len: usize) -> String {
    (0..len)
        .filter_map(|_| char::from_u32(0x4E00 + rng.below(0x1500) as u32))
        .collect()
}

fn chinese(f: &Facts, index: usize, rng: &mut Rng) -> Article {
    let name_chars = chars(ZH_NAME_CHARS);
    let surnames = chars(ZH_SURNAMES);
    let city = CITIES[f.city].1;
    let city2 = CITIES[f.city2].1;
    let region = REGIONS[f.region].1;
    let region2 = REGIONS[f.region2].1;
    let event = format!("第{}届{city}{}", f.edition, EVENTS[f.event].1);
    let date = format!("{}年{}月{}日", f.year, f.month, f.day);
    let mut body = String::with_capacity(3000);
    let sentences = rng.range(22, 30);
    for s in 0..sentences {
        let n = if rng.chance(0.3) {
            group_zh(figure(rng))
        } else {
            figure(rng).to_string()
        };
        let m = figure(rng);
        let pct = format!("{}.{}", rng.range(1, 40), rng.range(1, 9));
        let brand = if rng.chance(0.4) {
            zh_rare(rng, 2)
        } else {
            zh_name(rng, &name_chars, 2)
        };
        let company = format!("{}{}{}", brand, rng.pick(ZH_INDUSTRY), rng.pick(ZH_FORMS));
        let given = rng.range(1, 2) as usize;
        let person = if rng.chance(0.5) {
            format!("{}{}", rng.pick(&surnames), zh_rare(rng, given))
        } else {
            format!("{}{}", rng.pick(&surnames), zh_name(rng, &name_chars, given))
        };
        let noun = rng.pick(ZH_NOUNS);
        let noun2 = rng.pick(ZH_NOUNS);
        let sentence = match rng.below(16) {
            0 => format!("{date}，来自{region}的{n}余家企业代表齐聚{city}。"),
            1 => format!("本次{event}以“开放合作 互利共赢”为主题。"),
            2 => format!("活动现场共签约项目{n}个，总投资额{pct}亿元。"),
            3 => format!("{company}宣布将在{city2}投资建设新工厂，重点发展{noun}。"),
            4 => format!("据主办方介绍，项目建成后将新增就业岗位约{n}个。"),
            5 => format!("展会面积达{n}平方米，共有{m}家参展商展示了各自的产品。"),
            6 => format!("展会期间累计接待观众超过{n}人次，其中专业观众占四成。"),
            7 => format!("去年{region}与{region2}之间的贸易额同比增长{pct}%。"),
            8 => format!("{company}负责人{person}表示，{city}在{noun}领域具有巨大的发展潜力。"),
            9 => format!("双方围绕{noun}、{noun2}和人才培养等议题进行了深入交流。"),
            10 => format!("目前{city}开往{city2}的中欧班列每周开行{}列。", rng.range(2, 30)),
            11 => format!("{region}省政府表示将为中小企业提供{m}万元专项扶持资金。"),
            12 => format!("通过线上平台，共销售农产品{n}万元，带动农户增收。"),
            13 => format!("{person}在{noun}推介会上介绍了{city2}的区位优势和便利的交通条件。"),
            14 => format!(
                "来自{}村和{}镇的与会嘉宾一致认为，稳定{noun}和{noun2}至关重要。",
                zh_rare(rng, 2),
                zh_rare(rng, 2)
            ),
            _ => format!("所有签约项目力争在{}年前全部投产。", f.year + 1),
        };
        body.push_str(&sentence);
        if s % 6 == 5 {
            body.push('\n');
        }
    }
    let n = figure(rng);
    let title = match rng.below(3) {
        0 => format!("{n}家{region}企业齐聚{event}"),
        1 => format!("{event}在{city}举行"),
        _ => format!("{city}与{city2}深化合作"),
    };
    Article {
        url: format!("/zh/{}/{}-{index:05}/", f.year, f.city),
        title,
        date,
        summary: format!("{event}在{city}举行，现场签约项目{n}个。"),
        event,
        location: city.to_string(),
        source: SOURCES[f.source].1.to_string(),
        tags: f.tags.iter().map(|&t| TAGS[t].1.to_string()).collect(),
        body,
    }
}

//! Benchmark corpus generator: writes a deterministic bilingual (German + Chinese) gazette site of
//! event reports, and optionally the same corpus as a Hugo site, for `scripts/bench.sh`.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --articles 10000 --out DIR [--hugo DIR2] [--seed N]
//! ```
//!
//! N articles are 2N content files (`content/YEAR/NAME.de.md` + `.zh.md`) plus the about page.
//! About half of the Chinese files use the "facts are written once" style and leave the date,
//! event days, location slug/country/coordinates, source URL and figure values to the German
//! original. The Hugo variant has no inheritance, so every Hugo file carries all its facts; the
//! Markdown bodies are byte for byte the same as the gazette corpus. Only the standard library is
//! used; the PRNG is splitmix64, so a seed always gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

// ---------------------------------------------------------------------------------------------
// Arguments

struct Args {
    articles: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
    seed: u64,
}

const USAGE: &str = "usage: gen_corpus --articles N --out DIR [--hugo DIR2] [--seed N]";

fn parse_args() -> Result<Args, String> {
    let mut articles = None;
    let mut out = None;
    let mut hugo = None;
    let mut seed = 42u64;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--articles" => {
                articles = Some(
                    value
                        .parse::<usize>()
                        .map_err(|_| format!("--articles: `{value}` is not a count"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(value)),
            "--hugo" => hugo = Some(PathBuf::from(value)),
            "--seed" => {
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed: `{value}` is not a number"))?
            }
            _ => return Err(format!("unknown flag `{flag}`")),
        }
    }
    Ok(Args {
        articles: articles.ok_or("--articles is required")?,
        out: out.ok_or("--out is required")?,
        hugo,
        seed,
    })
}

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Between lo and hi (inclusive) distinct indices of 0..n.
    fn some(&mut self, n: usize, lo: i64, hi: i64) -> Vec<usize> {
        let k = self.range(lo, hi) as usize;
        self.sample(n, k)
    }

    /// k distinct indices of 0..n, in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }
}

// ---------------------------------------------------------------------------------------------
// Word pools

struct Loc {
    slug: &'static str,
    de: &'static str,
    zh: &'static str,
    country: &'static str,
    lat: f64,
    lon: f64,
}

const fn loc(slug: &'static str, de: &'static str, zh: &'static str, country: &'static str, lat: f64, lon: f64) -> Loc {
    Loc {
        slug,
        de,
        zh,
        country,
        lat,
        lon,
    }
}

/// Real cities with real coordinates. `slug` is what gazette derives from the German name, so the
/// short form `location = "Name"` lands on the same location page as the long form.
const LOCATIONS: &[Loc] = &[
    loc("chongqing", "Chongqing", "重庆", "CN", 29.563, 106.551),
    loc("jinan", "Jinan", "济南", "CN", 36.651, 117.12),
    loc("qingdao", "Qingdao", "青岛", "CN", 36.067, 120.383),
    loc("yantai", "Yantai", "烟台", "CN", 37.464, 121.448),
    loc("weifang", "Weifang", "潍坊", "CN", 36.707, 119.162),
    loc("zibo", "Zibo", "淄博", "CN", 36.813, 118.055),
    loc("linyi", "Linyi", "临沂", "CN", 35.104, 118.356),
    loc("jining", "Jining", "济宁", "CN", 35.415, 116.587),
    loc("weihai", "Weihai", "威海", "CN", 37.513, 122.12),
    loc("rizhao", "Rizhao", "日照", "CN", 35.417, 119.527),
    loc("dezhou", "Dezhou", "德州", "CN", 37.435, 116.359),
    loc("liaocheng", "Liaocheng", "聊城", "CN", 36.457, 115.985),
    loc("heze", "Heze", "菏泽", "CN", 35.233, 115.481),
    loc("taian", "Taian", "泰安", "CN", 36.2, 117.088),
    loc("lanzhou", "Lanzhou", "兰州", "CN", 36.061, 103.834),
    loc("tianshui", "Tianshui", "天水", "CN", 34.581, 105.725),
    loc("jiuquan", "Jiuquan", "酒泉", "CN", 39.732, 98.494),
    loc("zhangye", "Zhangye", "张掖", "CN", 38.926, 100.449),
    loc("wuwei", "Wuwei", "武威", "CN", 37.928, 102.638),
    loc("dingxi", "Dingxi", "定西", "CN", 35.579, 104.626),
    loc("longnan", "Longnan", "陇南", "CN", 33.401, 104.922),
    loc("pingliang", "Pingliang", "平凉", "CN", 35.543, 106.665),
    loc("qingyang", "Qingyang", "庆阳", "CN", 35.709, 107.643),
    loc("chengdu", "Chengdu", "成都", "CN", 30.573, 104.066),
    loc("xi-an", "Xi'an", "西安", "CN", 34.341, 108.94),
    loc("guiyang", "Guiyang", "贵阳", "CN", 26.647, 106.63),
    loc("kunming", "Kunming", "昆明", "CN", 25.038, 102.718),
    loc("urumqi", "Urumqi", "乌鲁木齐", "CN", 43.825, 87.617),
    loc("kaschgar", "Kaschgar", "喀什", "CN", 39.47, 75.99),
    loc("xining", "Xining", "西宁", "CN", 36.617, 101.778),
    loc("yinchuan", "Yinchuan", "银川", "CN", 38.487, 106.231),
    loc("hohhot", "Hohhot", "呼和浩特", "CN", 40.842, 111.749),
    loc("nanning", "Nanning", "南宁", "CN", 22.817, 108.366),
    loc("lhasa", "Lhasa", "拉萨", "CN", 29.652, 91.172),
    loc("peking", "Peking", "北京", "CN", 39.904, 116.407),
    loc("shanghai", "Shanghai", "上海", "CN", 31.23, 121.474),
    loc("guangzhou", "Guangzhou", "广州", "CN", 23.129, 113.264),
    loc("shenzhen", "Shenzhen", "深圳", "CN", 22.543, 114.058),
    loc("hangzhou", "Hangzhou", "杭州", "CN", 30.274, 120.155),
    loc("nanjing", "Nanjing", "南京", "CN", 32.06, 118.797),
    loc("suzhou", "Suzhou", "苏州", "CN", 31.299, 120.585),
    loc("wuhan", "Wuhan", "武汉", "CN", 30.593, 114.305),
    loc("shenyang", "Shenyang", "沈阳", "CN", 41.806, 123.431),
    loc("dalian", "Dalian", "大连", "CN", 38.914, 121.615),
    loc("harbin", "Harbin", "哈尔滨", "CN", 45.803, 126.535),
    loc("tianjin", "Tianjin", "天津", "CN", 39.343, 117.362),
    loc("zhengzhou", "Zhengzhou", "郑州", "CN", 34.747, 113.625),
    loc("changsha", "Changsha", "长沙", "CN", 28.228, 112.939),
    loc("hefei", "Hefei", "合肥", "CN", 31.821, 117.227),
    loc("xiamen", "Xiamen", "厦门", "CN", 24.48, 118.089),
    loc("berlin", "Berlin", "柏林", "DE", 52.52, 13.405),
    loc("hamburg", "Hamburg", "汉堡", "DE", 53.551, 9.994),
    loc("munchen", "München", "慕尼黑", "DE", 48.137, 11.576),
    loc("koln", "Köln", "科隆", "DE", 50.938, 6.96),
    loc("frankfurt-am-main", "Frankfurt am Main", "法兰克福", "DE", 50.11, 8.682),
    loc("stuttgart", "Stuttgart", "斯图加特", "DE", 48.776, 9.183),
    loc("dusseldorf", "Düsseldorf", "杜塞尔多夫", "DE", 51.228, 6.773),
    loc("leipzig", "Leipzig", "莱比锡", "DE", 51.34, 12.375),
    loc("dresden", "Dresden", "德累斯顿", "DE", 51.05, 13.738),
    loc("hannover", "Hannover", "汉诺威", "DE", 52.376, 9.732),
    loc("nurnberg", "Nürnberg", "纽伦堡", "DE", 49.452, 11.077),
    loc("duisburg", "Duisburg", "杜伊斯堡", "DE", 51.435, 6.763),
    loc("bremen", "Bremen", "不莱梅", "DE", 53.079, 8.802),
    loc("essen", "Essen", "埃森", "DE", 51.456, 7.012),
];

struct Src {
    de: &'static str,
    zh: &'static str,
    url: &'static str,
    section_de: &'static str,
    section_zh: &'static str,
}

const fn src(de: &'static str, zh: &'static str, url: &'static str, s_de: &'static str, s_zh: &'static str) -> Src {
    Src {
        de,
        zh,
        url,
        section_de: s_de,
        section_zh: s_zh,
    }
}

const SOURCES: &[Src] = &[
    src(
        "dzwww.com",
        "大众网",
        "https://www.dzwww.com/",
        "Plakatnachricht",
        "海报新闻",
    ),
    src("Xinhua", "新华网", "https://www.news.cn/", "Regionales", "地方"),
    src(
        "Volkszeitung Online",
        "人民网",
        "https://www.people.com.cn/",
        "Wirtschaft",
        "经济",
    ),
    src(
        "China News Service",
        "中国新闻网",
        "https://www.chinanews.com.cn/",
        "Finanzen",
        "财经",
    ),
    src(
        "Dazhong Ribao",
        "大众日报",
        "https://dzrb.dzng.com/",
        "Titelseite",
        "要闻",
    ),
    src(
        "Chongqing Daily",
        "重庆日报",
        "https://www.cqrb.cn/",
        "Wirtschaft",
        "经济",
    ),
    src(
        "Gansu Daily",
        "甘肃日报",
        "https://www.gansudaily.com.cn/",
        "Regionales",
        "本地",
    ),
    src(
        "Qilu Evening News",
        "齐鲁晚报",
        "https://www.qlwb.com.cn/",
        "Stadt",
        "城事",
    ),
    src("iqilu.com", "齐鲁网", "https://www.iqilu.com/", "Nachrichten", "新闻"),
    src(
        "China Daily",
        "中国日报网",
        "https://www.chinadaily.com.cn/",
        "Wirtschaft",
        "财经",
    ),
    src("CCTV", "央视网", "https://www.cctv.com/", "Nachrichten", "新闻"),
    src("Economic Daily", "经济日报", "https://www.ce.cn/", "Industrie", "产业"),
    src("Hualong", "华龙网", "https://www.cqnews.net/", "Regionales", "区县"),
    src(
        "Germany Trade & Invest",
        "德国联邦外贸与投资署",
        "https://www.gtai.de/",
        "Märkte",
        "市场",
    ),
    src(
        "AHK Greater China",
        "德国商会",
        "https://china.ahk.de/",
        "Mitteilungen",
        "通讯",
    ),
    src(
        "Handelsblatt",
        "德国商报",
        "https://www.handelsblatt.com/",
        "Unternehmen",
        "企业",
    ),
    src(
        "Frankfurter Allgemeine",
        "法兰克福汇报",
        "https://www.faz.net/",
        "Wirtschaft",
        "经济",
    ),
    src(
        "Süddeutsche Zeitung",
        "南德意志报",
        "https://www.sueddeutsche.de/",
        "Wirtschaft",
        "经济",
    ),
    src("Deutsche Welle", "德国之声", "https://www.dw.com/", "Asien", "亚洲"),
    src(
        "Presseamt Shandong",
        "山东省人民政府新闻办公室",
        "https://www.shandong.gov.cn/",
        "Mitteilungen",
        "发布",
    ),
    src(
        "Gansu Online",
        "中国甘肃网",
        "https://www.gscn.com.cn/",
        "Wirtschaft",
        "经济",
    ),
];

/// Tags: German with their Chinese equivalents.
const TAGS: &[(&str, &str)] = &[
    ("Investitionen", "投资"),
    ("Automobil", "汽车"),
    ("Ost-West-Kooperation", "东西部协作"),
    ("Industrie", "产业"),
    ("Messe", "展会"),
    ("Landwirtschaft", "农业"),
    ("Vertragsunterzeichnung", "项目签约"),
    ("Arbeitsmarkt", "劳务协作"),
    ("Tourismus", "文化旅游"),
    ("Logistik", "物流"),
    ("Neue Energien", "新能源"),
    ("Maschinenbau", "装备制造"),
    ("Digitalwirtschaft", "数字经济"),
    ("Außenhandel", "对外贸易"),
    ("Export", "出口"),
    ("Import", "进口"),
    ("Bildung", "教育"),
    ("Gesundheit", "医疗健康"),
    ("Chemie", "化工"),
    ("Stahl", "钢铁"),
    ("Textil", "纺织"),
    ("Lebensmittel", "食品"),
    ("E-Commerce", "电子商务"),
    ("Forschung", "科研"),
    ("Innovation", "创新"),
    ("Start-ups", "创业"),
    ("Infrastruktur", "基础设施"),
    ("Wasserstoff", "氢能"),
    ("Photovoltaik", "光伏"),
    ("Windkraft", "风电"),
    ("Halbleiter", "半导体"),
    ("Biomedizin", "生物医药"),
    ("Seidenstraße", "丝绸之路"),
    ("Hafen", "港口"),
    ("Schienenverkehr", "中欧班列"),
    ("Konsumhilfe", "消费帮扶"),
    ("Ländliche Entwicklung", "乡村振兴"),
    ("Umweltschutz", "节能环保"),
    ("Kreislaufwirtschaft", "循环经济"),
    ("Deutsch-chinesische Zusammenarbeit", "中德合作"),
];

const REGIONS: &[(&str, &str)] = &[
    ("Shandong", "山东"),
    ("Gansu", "甘肃"),
    ("Chongqing", "重庆"),
    ("Sichuan", "四川"),
    ("Guizhou", "贵州"),
    ("Xinjiang", "新疆"),
    ("Ningxia", "宁夏"),
    ("Qinghai", "青海"),
    ("Yunnan", "云南"),
    ("Bayern", "巴伐利亚州"),
    ("Nordrhein-Westfalen", "北莱茵-威斯特法伦州"),
    ("Sachsen", "萨克森州"),
    ("Baden-Württemberg", "巴登-符腾堡州"),
    ("Niedersachsen", "下萨克森州"),
    ("Hessen", "黑森州"),
];

const COMPANIES: &[(&str, &str)] = &[
    ("Qilu Maschinenbau AG", "齐鲁机械股份有限公司"),
    ("Jiaodong Logistik GmbH", "胶东物流有限公司"),
    ("Bayu Automobil AG", "巴渝汽车股份有限公司"),
    ("Longyuan Agrarhandel GmbH", "陇原农产品贸易有限公司"),
    ("Taishan Stahlwerke", "泰山钢铁集团"),
    ("Bohai Chemie AG", "渤海化工股份有限公司"),
    ("Huanghe Textil GmbH", "黄河纺织有限公司"),
    ("Qingdao Hafenlogistik", "青岛港口物流集团"),
    ("Lanzhou Biopharma", "兰州生物制药有限公司"),
    ("Hexi Solarenergie AG", "河西光伏能源股份有限公司"),
    ("Quancheng Digitaltechnik", "泉城数字科技有限公司"),
    ("Yimeng Lebensmittel GmbH", "沂蒙食品有限公司"),
    ("Shancheng Elektronik AG", "山城电子股份有限公司"),
    ("Rheinland Antriebstechnik GmbH", "莱茵驱动技术有限公司"),
    ("Elbe Solartechnik AG", "易北太阳能技术股份公司"),
    ("Schwarzwald Präzisionsteile GmbH", "黑森林精密零件有限公司"),
    ("Weser Windkraft GmbH", "威悉风电有限公司"),
    ("Isar Medizintechnik AG", "伊萨尔医疗技术股份公司"),
    ("Main Logistik Holding", "美因物流控股公司"),
    ("Spree Software GmbH", "施普雷软件有限公司"),
    ("Neckar Automotive AG", "内卡汽车技术股份公司"),
    ("Ruhr Werkstoffe GmbH", "鲁尔新材料有限公司"),
];

const SECTORS: &[(&str, &str)] = &[
    ("Automobilbau", "汽车制造"),
    ("Maschinenbau", "装备制造"),
    ("Solar- und Windenergie", "新能源"),
    ("Lebensmittelverarbeitung", "食品加工"),
    ("Textilindustrie", "纺织服装"),
    ("Logistik", "现代物流"),
    ("Chemie", "精细化工"),
    ("Biomedizin", "生物医药"),
    ("Digitalwirtschaft", "数字经济"),
    ("Agrarwirtschaft", "现代农业"),
    ("Kultur und Tourismus", "文化旅游"),
    ("Halbleiter", "半导体"),
    ("Werkstofftechnik", "新材料"),
    ("Fertigungsautomatisierung", "智能制造"),
    ("Wasserstofftechnik", "氢能"),
    ("Photovoltaik", "光伏"),
    ("E-Commerce", "电子商务"),
    ("Medizintechnik", "医疗器械"),
    ("Umwelttechnik", "节能环保"),
    ("Hafenwirtschaft", "港航物流"),
];

/// Event kinds: URL part, German name (feminine singular), Chinese name, has an edition number.
const KINDS: &[(&str, &str, &str, bool)] = &[
    ("investment-talks", "Investitionskonferenz", "投资洽谈会", true),
    ("trade-fair", "Kooperationsmesse", "东西部协作博览会", true),
    ("forum", "Wirtschaftskonferenz", "经贸合作论坛", true),
    (
        "signing-ceremony",
        "Unterzeichnungszeremonie",
        "重点项目集中签约仪式",
        false,
    ),
    ("agri-fair", "Fachmesse für Agrarprodukte", "农产品博览会", true),
    (
        "job-fair",
        "Jobbörse der Arbeitsmarktkooperation",
        "劳务协作招聘会",
        false,
    ),
    ("matchmaking", "Projektbörse", "项目对接会", false),
    ("innovation-conference", "Innovationskonferenz", "创新合作大会", true),
    ("industry-fair", "Industriemesse", "工业博览会", true),
    ("delegation-visit", "Delegationsreise", "经贸考察活动", false),
];

const MOTTOS: &[(&str, &str)] = &[
    (
        "Industrie fördert Entwicklung – gemeinsame Zukunft",
        "产业促发展 共创新未来",
    ),
    ("Ost und West gemeinsam stärken", "东西协作 共同发展"),
    ("Offenheit, Zusammenarbeit, gemeinsamer Gewinn", "开放 合作 共赢"),
    ("Neue Chancen an der Seidenstraße", "丝路新机遇"),
    ("Innovation verbindet", "创新引领 合作共赢"),
    ("Grüne Entwicklung, gemeinsame Zukunft", "绿色发展 共享未来"),
    ("Digitale Wirtschaft, neue Dynamik", "数字经济 新动能"),
];

/// Key figures: key, German label, Chinese label, unit, whether the unit is language-neutral.
const FIGURES: &[(&str, &str, &str, &str, bool)] = &[
    ("companies", "teilnehmende Unternehmen", "参会企业", "", true),
    ("projects_signed", "unterzeichnete Projekte", "签约项目", "", true),
    (
        "investment_cny_bn",
        "Investitionsvolumen",
        "总投资额",
        "Mrd. Yuan",
        false,
    ),
    ("jobs", "neue Arbeitsplätze", "新增就业岗位", "", true),
    ("exhibitors", "Aussteller", "参展商", "", true),
    ("visitors", "Besucher", "观众人次", "", true),
    ("area_sqm", "Ausstellungsfläche", "展览面积", "m²", true),
    ("growth_pct", "Wachstum gegenüber Vorjahr", "同比增长", "%", true),
    (
        "sales_cny_m",
        "Umsatz im Online-Verkauf",
        "线上销售额",
        "Mio. Yuan",
        false,
    ),
    ("delegates", "Delegationsmitglieder", "代表团成员", "", true),
    ("trains_per_week", "Güterzüge pro Woche", "每周班列", "", true),
    ("area_ha", "Anbaufläche", "种植面积", "ha", true),
];

const HEADINGS: &[(&str, &str)] = &[
    ("Unterzeichnete Projekte", "重点项目签约"),
    ("Hintergrund", "背景"),
    ("Ausblick", "下一步"),
    ("Branchen und Begleitprogramm", "参会企业与配套活动"),
    ("Stimmen der Teilnehmer", "嘉宾观点"),
    ("Zahlen und Fakten", "数据一览"),
    ("Zusammenarbeit vor Ort", "实地对接"),
];

const PROGRAMME: &[(&str, &str)] = &[
    (
        "Eröffnungsforum mit Vertretern beider Provinzregierungen",
        "两省政府代表出席开幕论坛",
    ),
    ("Fachrunde zur industriellen Arbeitsteilung", "产业分工协作座谈会"),
    ("Besichtigung von Industrieparks", "实地考察产业园区"),
    ("Präsentation regionaler Spezialitäten", "特色产品推介展示"),
    ("Matchmaking für kleine und mittlere Unternehmen", "中小企业对接洽谈"),
    ("Unterzeichnung von Rahmenverträgen", "框架协议集中签约"),
    ("Pressekonferenz zum Abschluss", "闭幕新闻发布会"),
    ("Jobbörse für Hochschulabsolventen", "高校毕业生专场招聘"),
    ("Live-Shopping mit Agrarprodukten", "农产品直播带货"),
];

/// Opening sentences (first paragraph).
const OPENING: &[(&str, &str)] = &[
    (
        "Am {date} kamen in {city} Vertreter von mehr als {n_companies} Unternehmen aus {region} zusammen.",
        "{date}，来自{region}的{n_companies}余家企业代表齐聚{city}。",
    ),
    (
        "Mit der {event} hat {city} am {date} erneut Unternehmen aus Ost und West zusammengebracht.",
        "{date}，{event}在{city}开幕，再次为东西部企业搭建起交流合作的平台。",
    ),
    (
        "In {city} ist am {date} die {event} zu Ende gegangen.",
        "{date}，{event}在{city}圆满闭幕。",
    ),
    (
        "Eine Delegation aus {region} mit {delegates} Mitgliedern hat am {date} {city} besucht.",
        "{date}，由{delegates}人组成的{region}代表团赴{city}考察访问。",
    ),
];

/// Sentences for the middle paragraphs.
const MIDDLE: &[(&str, &str)] = &[
    (
        "Anlass war die {event}, die unter dem Motto „{motto}“ stand.",
        "本次{event}以“{motto}”为主题。",
    ),
    (
        "Insgesamt wurden **{n_projects} Projekte** mit einem Volumen von {inv} Milliarden Yuan unterzeichnet.",
        "活动现场共签约项目**{n_projects}个**，总投资额{inv}亿元。",
    ),
    (
        "Die Schwerpunkte lagen auf {sector} und {sector2}.",
        "合作重点集中在{sector}和{sector2}领域。",
    ),
    (
        "{company} kündigte an, in {city} ein neues Werk zu errichten.",
        "{company}宣布将在{city}投资建设新工厂。",
    ),
    (
        "Nach Angaben der Veranstalter entstehen dadurch rund {jobs} neue Arbeitsplätze.",
        "据主办方介绍，项目建成后将新增就业岗位约{jobs}个。",
    ),
    (
        "Auf einer Ausstellungsfläche von {area} Quadratmetern präsentierten {exhibitors} Aussteller ihre Produkte.",
        "展会面积达{area}平方米，共有{exhibitors}家参展商展示了各自的产品。",
    ),
    (
        "Während der Messe wurden mehr als {visitors} Besucher gezählt.",
        "展会期间累计接待观众超过{visitors}人次。",
    ),
    (
        "Der Handel zwischen {region} und {region2} wuchs im vergangenen Jahr um {pct} Prozent.",
        "去年{region}与{region2}之间的贸易额同比增长{pct}%。",
    ),
    (
        "Vertreter der Stadtregierung von {city} warben für den Standort und verwiesen auf die gute Verkehrsanbindung.",
        "{city}市政府相关负责人在推介会上介绍了当地的区位优势和便利的交通条件。",
    ),
    (
        "Im Mittelpunkt der Gespräche standen gemeinsame Industrieparks, die Ausbildung von Fachkräften und der Absatz landwirtschaftlicher Produkte.",
        "双方围绕共建产业园区、人才培养和农产品销售等议题进行了深入交流。",
    ),
    (
        "{company} und {company2} unterzeichneten eine Rahmenvereinbarung über die Zusammenarbeit im Bereich {sector}.",
        "{company}与{company2}签署了{sector}领域合作框架协议。",
    ),
    (
        "Die Delegation aus {region} besuchte anschließend mehrere Betriebe in {city2}.",
        "随后，{region}代表团还前往{city2}实地考察了多家企业。",
    ),
    (
        "Seit Beginn der Partnerschaft im Jahr {since} sind nach offiziellen Angaben mehr als {n_projects2} Projekte umgesetzt worden.",
        "据官方统计，自{since}年开展结对合作以来，双方已落地实施项目{n_projects2}余个。",
    ),
    (
        "Ein Sprecher von {company} sagte, man sehe in {city} großes Potenzial im Bereich {sector}.",
        "{company}相关负责人表示，{city}在{sector}领域具有巨大的发展潜力。",
    ),
    (
        "Parallel zum Hauptforum fanden Fachrunden zu {sector} und {sector2} statt.",
        "主论坛之外，还同期举办了{sector}和{sector2}专题对接会。",
    ),
    (
        "Rund {pct_int} Prozent der Aussteller kamen aus dem Ausland, darunter viele aus Deutschland.",
        "约{pct_int}%的参展商来自境外，其中不少来自德国。",
    ),
    (
        "Die Provinzregierung stellte zusätzliche Fördermittel für kleine und mittlere Unternehmen in Aussicht.",
        "省政府表示将为中小企业提供更多专项扶持资金。",
    ),
    (
        "Über einen Online-Marktplatz wurden Agrarprodukte im Wert von {sales} Millionen Yuan verkauft.",
        "通过线上平台，共销售农产品{sales}万元。",
    ),
    (
        "Die Teilnehmer betonten die Bedeutung stabiler Lieferketten zwischen Ost und West.",
        "与会嘉宾一致认为，稳定东西部之间的产业链供应链至关重要。",
    ),
    (
        "Für Hochschulabsolventen aus {region} wurden {jobs} Stellen in Unternehmen aus {region2} angeboten.",
        "招聘会为{region}高校毕业生提供了{region2}企业的{jobs}个就业岗位。",
    ),
    (
        "Der Güterzug von {cn_city} nach {de_city} verkehrt inzwischen {trains} Mal pro Woche.",
        "目前{cn_city}开往{de_city}的中欧班列每周开行{trains}列。",
    ),
    (
        "Deutsche Mittelständler zeigten besonderes Interesse an {sector}.",
        "德国中小企业对{sector}领域表现出浓厚兴趣。",
    ),
    (
        "Auf {hectares} Hektar sollen künftig Obst und Gemüse für die Märkte im Osten angebaut werden.",
        "今后将在{hectares}公顷土地上种植供应东部市场的果蔬产品。",
    ),
    (
        "Die Investoren lobten das Genehmigungsverfahren, das inzwischen in wenigen Wochen abgeschlossen sei.",
        "投资方对当地高效的审批服务给予好评，目前项目审批只需数周即可完成。",
    ),
    (
        "Zudem wurde ein gemeinsamer Fonds zur Förderung von Start-ups aus {region} und {region2} vorgestellt.",
        "会上还发布了支持{region}和{region2}初创企业发展的联合基金。",
    ),
    (
        "Mehrere Redner verwiesen auf die Erfolge der vergangenen Jahre im Bereich {sector2}.",
        "多位发言嘉宾介绍了近年来在{sector2}领域取得的成效。",
    ),
    (
        "{company2} will seine Produktion in {city2} bis {next_year} verdoppeln.",
        "{company2}计划到{next_year}年将其在{city2}的产能翻一番。",
    ),
    (
        "Nach Angaben der Handelsbehörde von {city} stieg die Zahl ausländischer Investoren um {pct} Prozent.",
        "据{city}商务部门统计，外商投资企业数量增长了{pct}%。",
    ),
];

const CLOSING: &[(&str, &str)] = &[
    (
        "Die nächste Ausgabe der Veranstaltung ist für das Frühjahr {next_year} geplant.",
        "下一届活动计划于{next_year}年春季举办。",
    ),
    (
        "Beide Seiten wollen ihre Stärken künftig noch gezielter bündeln.",
        "双方表示，今后将进一步发挥各自优势，实现互利共赢。",
    ),
    (
        "Die Veranstalter zogen eine positive Bilanz.",
        "主办方对本次活动给予了积极评价。",
    ),
    (
        "Weitere Gespräche sollen in den kommenden Monaten folgen.",
        "双方将在未来几个月内继续开展后续洽谈。",
    ),
    (
        "Bis {next_year} sollen alle unterzeichneten Projekte in Betrieb gehen.",
        "所有签约项目力争在{next_year}年前全部投产。",
    ),
    (
        "Den ausführlichen Bericht veröffentlichte [{source}]({source_url}).",
        "详细报道见[{source}]({source_url})。",
    ),
];

const TITLES: &[(&str, &str)] = &[
    (
        "{n_companies} Unternehmen aus {region} bei der {event}",
        "{n_companies}家{region}企业齐聚{event}",
    ),
    (
        "{event}: {n_projects} Projekte unterzeichnet",
        "{event}现场签约项目{n_projects}个",
    ),
    (
        "{city} und {city2} vertiefen die Zusammenarbeit im Bereich {sector}",
        "{city}与{city2}深化{sector}领域合作",
    ),
    (
        "Investitionen von {inv} Milliarden Yuan in {city}",
        "{city}签约项目总投资{inv}亿元",
    ),
    ("{company} baut neues Werk in {city}", "{company}在{city}投资建设新工厂"),
    (
        "{exhibitors} Aussteller auf der {event}",
        "{exhibitors}家参展商亮相{event}",
    ),
    (
        "Delegation aus {region} zu Gast in {city}",
        "{region}代表团赴{city}考察",
    ),
];

const SUMMARIES: &[(&str, &str)] = &[
    (
        "Bei der {event} in {city} wurden {n_projects} Projekte mit einem Volumen von {inv} Milliarden Yuan unterzeichnet.",
        "{event}在{city}举行，现场签约项目{n_projects}个，总投资{inv}亿元。",
    ),
    (
        "Mehr als {n_companies} Unternehmen aus {region} informierten sich in {city} über Kooperationsmöglichkeiten im Bereich {sector}.",
        "{n_companies}余家{region}企业赴{city}洽谈{sector}领域合作。",
    ),
    (
        "{city} und {region2} wollen ihre Zusammenarbeit in {sector} und {sector2} ausbauen.",
        "{city}与{region2}将进一步拓展{sector}和{sector2}领域的合作。",
    ),
];

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

// ---------------------------------------------------------------------------------------------
// Dates (days since 1970-01-01, proleptic Gregorian; Howard Hinnant's algorithms)

#[derive(Clone, Copy)]
struct Date {
    y: i64,
    m: i64,
    d: i64,
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    Date {
        y: if m <= 2 { y + 1 } else { y },
        m,
        d,
    }
}

impl Date {
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
    fn de(self) -> String {
        format!("{}. {} {}", self.d, MONTHS_DE[self.m as usize - 1], self.y)
    }
    fn zh(self) -> String {
        format!("{}年{}月{}日", self.y, self.m, self.d)
    }
}

/// How the publication date is written in the gazette file.
#[derive(Clone, Copy)]
enum DateForm {
    Offset,
    Local,
    Bare,
}

// ---------------------------------------------------------------------------------------------
// Number formatting

fn group_de(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A value kept in tenths: "12,5" in German, "12.5" in TOML and Chinese; no decimals if whole.
fn tenths_de(t: i64) -> String {
    if t % 10 == 0 {
        group_de(t / 10)
    } else {
        format!("{},{}", group_de(t / 10), t % 10)
    }
}

fn tenths_plain(t: i64) -> String {
    if t % 10 == 0 {
        (t / 10).to_string()
    } else {
        format!("{}.{}", t / 10, t % 10)
    }
}

fn cn_number(n: i64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n % 10 == 0 { "" } else { D[(n % 10) as usize] }
        ),
    }
}

fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

// ---------------------------------------------------------------------------------------------
// One article

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    De,
    Zh,
}

struct Figure {
    key: &'static str,
    label_de: &'static str,
    label_zh: &'static str,
    unit: &'static str,
    neutral_unit: bool,
    tenths: i64,
}

struct Article {
    /// `2019/shenyang-trade-fair-0042`
    name: String,
    date: Date,
    /// hour, minute, second of the publication time
    time: (i64, i64, i64),
    date_form: DateForm,
    draft: bool,
    write_draft_false: bool,
    updated: Option<Date>,
    title: (String, String),
    summary: Option<(String, String)>,
    tags: Vec<usize>,
    event_name: (String, String),
    event_start: Date,
    event_end: Option<Date>,
    loc: &'static Loc,
    loc_short_de: bool,
    loc_short_zh: bool,
    source: &'static Src,
    source_short_de: bool,
    source_short_zh: bool,
    figures: Vec<Figure>,
    motto: Option<(&'static str, &'static str)>,
    /// The Chinese file writes only the words (facts inherited from the German file).
    zh_facts_once: bool,
    body_de: String,
    body_zh: String,
}

/// Values that sentence templates refer to.
struct Ctx {
    city: &'static Loc,
    city2: &'static Loc,
    cn_city: &'static Loc,
    de_city: &'static Loc,
    region: (&'static str, &'static str),
    region2: (&'static str, &'static str),
    company: (&'static str, &'static str),
    company2: (&'static str, &'static str),
    sector: (&'static str, &'static str),
    sector2: (&'static str, &'static str),
    event: (String, String),
    motto: (&'static str, &'static str),
    source: &'static Src,
    date: Date,
    n_companies: i64,
    n_projects: i64,
    inv_tenths: i64,
    jobs: i64,
    area: i64,
    exhibitors: i64,
    visitors: i64,
    pct_tenths: i64,
    pct_int: i64,
    since: i64,
    next_year: i64,
    sales_tenths: i64,
    trains: i64,
    n_projects2: i64,
    delegates: i64,
    hectares: i64,
}

impl Ctx {
    fn var(&self, key: &str, lang: Lang) -> String {
        let de = lang == Lang::De;
        let pair = |p: (&str, &str)| if de { p.0.to_string() } else { p.1.to_string() };
        let num = |n: i64| if de { group_de(n) } else { n.to_string() };
        let place = |l: &Loc| if de { l.de.to_string() } else { l.zh.to_string() };
        match key {
            "city" => place(self.city),
            "city2" => place(self.city2),
            "cn_city" => place(self.cn_city),
            "de_city" => place(self.de_city),
            "region" => pair(self.region),
            "region2" => pair(self.region2),
            "company" => pair(self.company),
            "company2" => pair(self.company2),
            "sector" => pair(self.sector),
            "sector2" => pair(self.sector2),
            "event" => {
                if de {
                    self.event.0.clone()
                } else {
                    self.event.1.clone()
                }
            }
            "motto" => pair(self.motto),
            "source" => pair((self.source.de, self.source.zh)),
            "source_url" => self.source.url.to_string(),
            "date" => {
                if de {
                    self.date.de()
                } else {
                    self.date.zh()
                }
            }
            "n_companies" => num(self.n_companies),
            "n_projects" => num(self.n_projects),
            // Milliarden Yuan in German, 亿元 (10^8) in Chinese.
            "inv" => {
                if de {
                    tenths_de(self.inv_tenths)
                } else {
                    self.inv_tenths.to_string()
                }
            }
            "jobs" => num(self.jobs),
            "area" => num(self.area),
            "exhibitors" => num(self.exhibitors),
            "visitors" => num(self.visitors),
            "pct" => {
                if de {
                    tenths_de(self.pct_tenths)
                } else {
                    tenths_plain(self.pct_tenths)
                }
            }
            "pct_int" => self.pct_int.to_string(),
            "since" => self.since.to_string(),
            "next_year" => self.next_year.to_string(),
            // Millionen Yuan in German, 万元 (10^4) in Chinese.
            "sales" => {
                if de {
                    tenths_de(self.sales_tenths)
                } else {
                    (self.sales_tenths * 10).to_string()
                }
            }
            "trains" => num(self.trains),
            "n_projects2" => num(self.n_projects2),
            "delegates" => num(self.delegates),
            "hectares" => num(self.hectares),
            _ => panic!("unknown template variable {{{key}}}"),
        }
    }

    fn fill(&self, template: (&str, &str), lang: Lang) -> String {
        let text = if lang == Lang::De { template.0 } else { template.1 };
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("unclosed {");
            out.push_str(&self.var(&rest[open + 1..close], lang));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn figure_tenths(&self, key: &str, rng: &mut Rng) -> i64 {
        match key {
            "companies" => self.n_companies * 10,
            "projects_signed" => self.n_projects * 10,
            "investment_cny_bn" => self.inv_tenths,
            "jobs" => self.jobs * 10,
            "exhibitors" => self.exhibitors * 10,
            "visitors" => self.visitors * 10,
            "area_sqm" => self.area * 10,
            "growth_pct" => self.pct_tenths,
            "sales_cny_m" => self.sales_tenths,
            "delegates" => self.delegates * 10,
            "trains_per_week" => self.trains * 10,
            "area_ha" => self.hectares * 10,
            _ => rng.range(1, 1000) * 10,
        }
    }
}

/// Word-wraps German prose at 100 columns, like an editor would.
fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut col = 0;
    for word in text.split(' ') {
        let w = word.chars().count();
        if col > 0 && col + 1 + w > 100 {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
    }
    out
}

fn paragraph(cx: &Ctx, sentences: &[(&str, &str)]) -> (String, String) {
    let de: Vec<String> = sentences.iter().map(|s| cx.fill(*s, Lang::De)).collect();
    let zh: Vec<String> = sentences.iter().map(|s| cx.fill(*s, Lang::Zh)).collect();
    (wrap(&de.join(" ")), zh.concat())
}

fn rounded(rng: &mut Rng, lo: i64, hi: i64, step: i64) -> i64 {
    rng.range(lo / step, hi / step) * step
}

/// A value in tenths: whole most of the time, with one decimal now and then.
fn tenths(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    let t = rng.range(lo * 10, hi * 10);
    if rng.chance(0.5) { t / 10 * 10 } else { t }
}

const FIRST_DAY: (i64, i64, i64) = (2015, 1, 1);
const LAST_DAY: (i64, i64, i64) = (2024, 12, 31);

fn make_article(rng: &mut Rng, index: usize) -> Article {
    let first = days_from_civil(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
    let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
    let day = rng.range(first, last);
    let date = civil_from_days(day);
    let event_start = civil_from_days(day - rng.range(0, 6));
    let days = rng.range(1, 3);
    let event_end = if days > 1 {
        Some(civil_from_days(
            days_from_civil(event_start.y, event_start.m, event_start.d) + days - 1,
        ))
    } else if rng.chance(0.4) {
        Some(event_start)
    } else {
        None
    };

    let loc_i = rng.below(LOCATIONS.len());
    let city = &LOCATIONS[loc_i];
    let city2 = &LOCATIONS[(loc_i + 1 + rng.below(LOCATIONS.len() - 1)) % LOCATIONS.len()];
    let chinese: Vec<&Loc> = LOCATIONS.iter().filter(|l| l.country == "CN").collect();
    let german: Vec<&Loc> = LOCATIONS.iter().filter(|l| l.country == "DE").collect();
    let cn_city = *rng.pick(&chinese);
    let de_city = *rng.pick(&german);
    let regions = rng.sample(REGIONS.len(), 2);
    let companies = rng.sample(COMPANIES.len(), 2);
    let sectors = rng.sample(SECTORS.len(), 2);
    let kind = *rng.pick(KINDS);
    let edition = rng.range(1, 15);
    let event = if kind.3 {
        (
            format!("{}. {} {}", edition, kind.1, city.de),
            format!("第{}届{}{}", cn_number(edition), city.zh, kind.2),
        )
    } else {
        (
            format!("{} {} {}", kind.1, city.de, event_start.y),
            format!("{}年{}{}", event_start.y, city.zh, kind.2),
        )
    };
    let motto = *rng.pick(MOTTOS);
    let source = rng.pick(SOURCES);
    let cx = Ctx {
        city,
        city2,
        cn_city,
        de_city,
        region: REGIONS[regions[0]],
        region2: REGIONS[regions[1]],
        company: COMPANIES[companies[0]],
        company2: COMPANIES[companies[1]],
        sector: SECTORS[sectors[0]],
        sector2: SECTORS[sectors[1]],
        event: event.clone(),
        motto,
        source,
        date: event_start,
        n_companies: rounded(rng, 20, 600, 10),
        n_projects: rng.range(5, 90),
        inv_tenths: tenths(rng, 1, 300),
        jobs: rounded(rng, 100, 12_000, 50),
        area: rounded(rng, 5_000, 120_000, 500),
        exhibitors: rng.range(50, 1_500),
        visitors: rounded(rng, 2_000, 150_000, 100),
        pct_tenths: tenths(rng, 1, 45),
        pct_int: rng.range(5, 40),
        since: rng.range(2010, date.y.min(2016)),
        next_year: date.y + 1,
        sales_tenths: tenths(rng, 1, 80),
        trains: rng.range(2, 30),
        n_projects2: rng.range(50, 900),
        delegates: rng.range(8, 120),
        hectares: rounded(rng, 200, 20_000, 50),
    };

    // Figures: 2–4 distinct keys, values that match the text.
    let figure_count = rng.range(2, 4) as usize;
    let figures: Vec<Figure> = rng
        .sample(FIGURES.len(), figure_count)
        .into_iter()
        .map(|i| {
            let f = FIGURES[i];
            Figure {
                key: f.0,
                label_de: f.1,
                label_zh: f.2,
                unit: f.3,
                neutral_unit: f.4,
                tenths: cx.figure_tenths(f.0, rng),
            }
        })
        .collect();

    // Body: 4–8 paragraphs, a list in most articles, a table now and then, sometimes headings.
    let paragraphs = rng.range(4, 8) as usize;
    let order = rng.sample(MIDDLE.len(), MIDDLE.len());
    let mut next_middle = order.iter().cycle().map(|&i| MIDDLE[i]);
    let list_after = if rng.chance(0.8) {
        Some(rng.range(1, 2) as usize)
    } else {
        None
    };
    let table_after = if rng.chance(0.2) {
        Some(rng.range(1, paragraphs as i64 - 1) as usize)
    } else {
        None
    };
    let heading_at = if rng.chance(0.4) {
        Some(rng.range(2, paragraphs as i64 - 1) as usize)
    } else {
        None
    };
    let second_heading = heading_at.is_some() && paragraphs >= 6 && rng.chance(0.5);
    let headings = rng.sample(HEADINGS.len(), 2);
    let footnote = rng.chance(0.05);
    let mut de_blocks: Vec<String> = Vec::new();
    let mut zh_blocks: Vec<String> = Vec::new();
    for p in 0..paragraphs {
        if heading_at == Some(p) || (second_heading && p == paragraphs - 1) {
            let h = HEADINGS[headings[usize::from(heading_at != Some(p))]];
            de_blocks.push(format!("## {}", h.0));
            zh_blocks.push(format!("## {}", h.1));
        }
        let mut sentences: Vec<(&str, &str)> = Vec::new();
        if p == 0 {
            sentences.push(*rng.pick(OPENING));
        }
        let count = if p == paragraphs - 1 {
            rng.range(1, 2)
        } else {
            rng.range(2, 4)
        };
        for _ in 0..count {
            sentences.push(next_middle.next().expect("cycle"));
        }
        if p == paragraphs - 1 {
            sentences.push(*rng.pick(CLOSING));
        }
        let (mut de, mut zh) = paragraph(&cx, &sentences);
        if footnote && p == 1 {
            de.push_str("[^1]");
            zh.push_str("[^1]");
        }
        de_blocks.push(de);
        zh_blocks.push(zh);
        if list_after == Some(p) {
            let (intro, items): ((&str, &str), Vec<(&str, &str)>) = match rng.below(3) {
                0 => (
                    (
                        "Die Gäste vertraten vor allem diese Wirtschaftszweige:",
                        "参会企业主要来自以下领域：",
                    ),
                    rng.some(SECTORS.len(), 3, 6).into_iter().map(|i| SECTORS[i]).collect(),
                ),
                1 => (
                    ("Zu den Unterzeichnern gehörten:", "签约企业包括："),
                    rng.some(COMPANIES.len(), 3, 5)
                        .into_iter()
                        .map(|i| COMPANIES[i])
                        .collect(),
                ),
                _ => (
                    ("Auf dem Programm standen:", "活动主要安排如下："),
                    rng.some(PROGRAMME.len(), 3, 5)
                        .into_iter()
                        .map(|i| PROGRAMME[i])
                        .collect(),
                ),
            };
            let list = |lang: Lang| {
                let mut s = String::from(if lang == Lang::De { intro.0 } else { intro.1 });
                s.push_str("\n\n");
                for item in &items {
                    let _ = writeln!(s, "- {}", if lang == Lang::De { item.0 } else { item.1 });
                }
                s.pop();
                s
            };
            de_blocks.push(list(Lang::De));
            zh_blocks.push(list(Lang::Zh));
        }
        if table_after == Some(p) {
            let mut de = String::from("| Kennzahl | Wert |\n| --- | ---: |");
            let mut zh = String::from("| 指标 | 数据 |\n| --- | ---: |");
            for f in &figures {
                let unit_de = if f.unit.is_empty() {
                    String::new()
                } else {
                    format!(" {}", f.unit)
                };
                let _ = write!(de, "\n| {} | {}{} |", f.label_de, tenths_de(f.tenths), unit_de);
                let value_zh = match f.unit {
                    "Mrd. Yuan" => format!("{}亿元", f.tenths),
                    "Mio. Yuan" => format!("{}万元", f.tenths * 10),
                    _ => format!("{}{}", tenths_plain(f.tenths), unit_de),
                };
                let _ = write!(zh, "\n| {} | {} |", f.label_zh, value_zh);
            }
            de_blocks.push(de);
            zh_blocks.push(zh);
        }
    }
    if footnote {
        de_blocks.push(format!(
            "[^1]: Angaben nach dem Bericht von {} vom {}.",
            source.de,
            date.de()
        ));
        zh_blocks.push(format!("[^1]: 数据引自{}{}的报道。", source.zh, date.zh()));
    }
    let body_de = de_blocks.join("\n\n") + "\n";
    let body_zh = zh_blocks.join("\n\n") + "\n";

    let title_t = *rng.pick(TITLES);
    let title = (cx.fill(title_t, Lang::De), cx.fill(title_t, Lang::Zh));
    let summary = if rng.chance(0.6) {
        let t = *rng.pick(SUMMARIES);
        Some((cx.fill(t, Lang::De), cx.fill(t, Lang::Zh)))
    } else {
        None
    };
    let tags = rng.some(TAGS.len(), 2, 4);
    let date_form = match rng.below(10) {
        0..=5 => DateForm::Offset,
        6 => DateForm::Local,
        _ => DateForm::Bare,
    };
    let time = (rng.range(7, 20), rng.range(0, 59), rng.range(0, 59));
    let draft = rng.chance(0.01);
    let write_draft_false = rng.chance(0.3);
    let updated = if rng.chance(0.15) {
        Some(civil_from_days(day + rng.range(1, 30)))
    } else {
        None
    };
    let loc_short_de = rng.chance(0.1);
    let loc_short_zh = loc_short_de || rng.chance(0.1);
    let source_short_de = rng.chance(0.15);
    let source_short_zh = source_short_de || rng.chance(0.1);
    let with_motto = rng.chance(0.03);
    let zh_facts_once = rng.chance(0.5);
    let name = format!("{}/{}-{}-{:04}", date.y, city.slug, kind.0, index);

    Article {
        name,
        date,
        time,
        date_form,
        draft,
        write_draft_false,
        updated,
        title,
        summary,
        tags,
        event_name: event,
        event_start,
        event_end,
        loc: city,
        loc_short_de,
        loc_short_zh,
        source,
        source_short_de,
        source_short_zh,
        figures,
        motto: with_motto.then_some(motto),
        zh_facts_once,
        body_de,
        body_zh,
    }
}

// ---------------------------------------------------------------------------------------------
// gazette files

impl Article {
    fn gazette_date(&self) -> String {
        let (h, m, s) = self.time;
        match self.date_form {
            DateForm::Offset => format!("{}T{:02}:{:02}:{:02}+08:00", self.date.iso(), h, m, s),
            DateForm::Local => format!("{}T{:02}:{:02}:{:02}", self.date.iso(), h, m, s),
            DateForm::Bare => self.date.iso(),
        }
    }

    /// Hugo has no site time zone for bare dates in front matter: always a full datetime.
    fn hugo_date(&self) -> String {
        let (h, m, s) = match self.date_form {
            DateForm::Bare => (0, 0, 0),
            _ => self.time,
        };
        format!("{}T{:02}:{:02}:{:02}+08:00", self.date.iso(), h, m, s)
    }

    fn gazette_file(&self, lang: Lang) -> String {
        let de = lang == Lang::De;
        let facts = de || !self.zh_facts_once;
        let mut s = String::with_capacity(4096);
        s.push_str("+++\n");
        let _ = writeln!(
            s,
            "title = {}",
            toml_str(if de { &self.title.0 } else { &self.title.1 })
        );
        if facts {
            let _ = writeln!(s, "date = {}", self.gazette_date());
        }
        if let Some(summary) = &self.summary {
            let _ = writeln!(s, "summary = {}", toml_str(if de { &summary.0 } else { &summary.1 }));
        }
        let tags: Vec<&str> = self
            .tags
            .iter()
            .map(|&i| if de { TAGS[i].0 } else { TAGS[i].1 })
            .collect();
        let _ = writeln!(s, "tags = {}", toml_list(&tags));
        if self.draft {
            s.push_str("draft = true\n");
        } else if self.write_draft_false {
            s.push_str("draft = false\n");
        }
        if let (Some(updated), true) = (self.updated, facts) {
            let _ = writeln!(s, "updated = {}", updated.iso());
        }
        let loc_name = if de { self.loc.de } else { self.loc.zh };
        let loc_short = if de { self.loc_short_de } else { self.loc_short_zh };
        if loc_short {
            let _ = writeln!(s, "location = {}", toml_str(loc_name));
        }
        let src_name = if de { self.source.de } else { self.source.zh };
        let src_short = if de { self.source_short_de } else { self.source_short_zh };
        if src_short {
            let _ = writeln!(s, "source = {}", toml_str(src_name));
        }

        s.push_str("\n[event]\n");
        let _ = writeln!(
            s,
            "name = {}",
            toml_str(if de { &self.event_name.0 } else { &self.event_name.1 })
        );
        if facts {
            let _ = writeln!(s, "start = {}", self.event_start.iso());
            if let Some(end) = self.event_end {
                let _ = writeln!(s, "end = {}", end.iso());
            }
        }
        if !loc_short {
            s.push_str("\n[location]\n");
            let _ = writeln!(s, "name = {}", toml_str(loc_name));
            // A German short form has no slug, so the Chinese long form must not invent one.
            if facts && !self.loc_short_de {
                let _ = writeln!(s, "slug = {}", toml_str(self.loc.slug));
                let _ = writeln!(s, "country = \"{}\"", self.loc.country);
                let _ = writeln!(s, "coordinates = [{}, {}]", self.loc.lat, self.loc.lon);
            }
        }
        if !src_short {
            s.push_str("\n[source]\n");
            let _ = writeln!(s, "name = {}", toml_str(src_name));
            if facts && !self.source_short_de {
                let _ = writeln!(s, "url = {}", toml_str(self.source.url));
            }
            let _ = writeln!(
                s,
                "section = {}",
                toml_str(if de {
                    self.source.section_de
                } else {
                    self.source.section_zh
                })
            );
        }
        for f in &self.figures {
            s.push_str("\n[[figures]]\n");
            let _ = writeln!(s, "label = {}", toml_str(if de { f.label_de } else { f.label_zh }));
            if facts {
                let _ = writeln!(s, "value = {}", tenths_plain(f.tenths));
                if !f.unit.is_empty() && (de || f.neutral_unit) {
                    let _ = writeln!(s, "unit = {}", toml_str(f.unit));
                }
            }
            let _ = writeln!(s, "key = {}", toml_str(f.key));
        }
        if let Some(motto) = self.motto {
            s.push_str("\n[extra]\n");
            let _ = writeln!(s, "motto = {}", toml_str(if de { motto.0 } else { motto.1 }));
        }
        s.push_str("+++\n\n");
        s.push_str(if de { &self.body_de } else { &self.body_zh });
        s
    }

    /// The same article for Hugo: every fact written out in both languages (Hugo has no
    /// inheritance), figures and event as page params, location/source as taxonomies.
    fn hugo_file(&self, lang: Lang) -> String {
        let de = lang == Lang::De;
        let mut s = String::with_capacity(4096);
        s.push_str("+++\n");
        let _ = writeln!(
            s,
            "title = {}",
            toml_str(if de { &self.title.0 } else { &self.title.1 })
        );
        let _ = writeln!(s, "date = {}", self.hugo_date());
        if let Some(updated) = self.updated {
            let _ = writeln!(s, "lastmod = {}T00:00:00+08:00", updated.iso());
        }
        if let Some(summary) = &self.summary {
            let _ = writeln!(s, "summary = {}", toml_str(if de { &summary.0 } else { &summary.1 }));
        }
        let tags: Vec<&str> = self
            .tags
            .iter()
            .map(|&i| if de { TAGS[i].0 } else { TAGS[i].1 })
            .collect();
        let _ = writeln!(s, "tags = {}", toml_list(&tags));
        let _ = writeln!(s, "locations = {}", toml_list(&[self.loc.slug]));
        let _ = writeln!(
            s,
            "sources = {}",
            toml_list(&[if de { self.source.de } else { self.source.zh }])
        );
        let _ = writeln!(s, "draft = {}", self.draft);

        s.push_str("\n[event]\n");
        let _ = writeln!(
            s,
            "name = {}",
            toml_str(if de { &self.event_name.0 } else { &self.event_name.1 })
        );
        let _ = writeln!(s, "start = \"{}\"", self.event_start.iso());
        let _ = writeln!(s, "end = \"{}\"", self.event_end.unwrap_or(self.event_start).iso());

        s.push_str("\n[place]\n");
        let _ = writeln!(s, "name = {}", toml_str(if de { self.loc.de } else { self.loc.zh }));
        if !self.loc_short_de {
            let _ = writeln!(s, "country = \"{}\"", self.loc.country);
            let _ = writeln!(s, "coordinates = [{}, {}]", self.loc.lat, self.loc.lon);
        }

        s.push_str("\n[publisher]\n");
        let _ = writeln!(
            s,
            "name = {}",
            toml_str(if de { self.source.de } else { self.source.zh })
        );
        if !self.source_short_de {
            let _ = writeln!(s, "url = {}", toml_str(self.source.url));
        }
        if !(if de { self.source_short_de } else { self.source_short_zh }) {
            let _ = writeln!(
                s,
                "section = {}",
                toml_str(if de {
                    self.source.section_de
                } else {
                    self.source.section_zh
                })
            );
        }
        for f in &self.figures {
            s.push_str("\n[[figures]]\n");
            let _ = writeln!(s, "key = {}", toml_str(f.key));
            let _ = writeln!(s, "label = {}", toml_str(if de { f.label_de } else { f.label_zh }));
            let _ = writeln!(s, "value = {}", tenths_plain(f.tenths));
            if !f.unit.is_empty() {
                let _ = writeln!(s, "unit = {}", toml_str(f.unit));
            }
        }
        if let Some(motto) = self.motto {
            s.push_str("\n[extra]\n");
            let _ = writeln!(s, "motto = {}", toml_str(if de { motto.0 } else { motto.1 }));
        }
        s.push_str("+++\n\n");
        s.push_str(if de { &self.body_de } else { &self.body_zh });
        s
    }
}

// ---------------------------------------------------------------------------------------------
// Fixed files

const SITE_TOML: &str = r##"# Benchmark corpus written by examples/gen_corpus.rs; regenerate instead of editing.
title = "Ost-West-Kooperation (Benchmark)"
description = "Berichte über Investitionsgespräche, Messen und Kooperationsprojekte"
base_url = "https://bench.example.org"
theme = "default"
default_language = "de"
timezone = "Asia/Shanghai"
paginate_by = 10

[languages.de]
title = "Ost-West-Kooperation"
description = "Berichte über Investitionsgespräche, Messen und Kooperationsprojekte"

[languages.zh]
title = "东西部协作"
description = "投资洽谈、展会与合作项目报道"
"##;

const ABOUT_DE_FRONT: &str = "+++\ntitle = \"Über diese Publikation\"\nsummary = \"Wer wir sind, worüber wir berichten und woher unsere Zahlen stammen.\"\n+++\n\n";
const ABOUT_ZH_FRONT: &str = "+++\ntitle = \"关于本刊\"\nsummary = \"我们是谁、报道什么、数据从哪里来。\"\n+++\n\n";

const ABOUT_DE_BODY: &str = "„Ost-West-Kooperation“ berichtet auf Deutsch und Chinesisch über Veranstaltungen der
Zusammenarbeit zwischen der Provinz Shandong und ihren Partnerregionen im Westen Chinas sowie in
Deutschland: Investitionsgespräche, Fachmessen, Vertragsunterzeichnungen und Arbeitsmarktbörsen.

Jeder Bericht nennt die Quelle, auf die er sich stützt, sowie Ort und Datum der Veranstaltung.
Die wichtigsten Kennzahlen – etwa die Zahl der Aussteller oder das Investitionsvolumen – stehen
in einem eigenen Kasten und sind in beiden Sprachfassungen identisch.

Über Hinweise auf Fehler freuen wir uns. Korrekturen vermerken wir am Artikel mit dem Datum der
letzten Aktualisierung.
";

const ABOUT_ZH_BODY: &str = "《东西部协作》以中德双语报道山东省与西部协作地区以及德国之间的各类合作活动，包括投资洽谈、专业展会、项目签约和劳务协作招聘会等。

每篇报道都注明信息来源以及活动的时间和地点。参展企业数量、投资金额等关键数据单独列出，中德两个版本的数据完全一致。

如发现错漏，欢迎来信指正。更正内容会在文章中注明，并标出最近一次更新的日期。
";

/// Hugo's installed version as (minor), e.g. 111 for v0.111.3; None if hugo is not installed.
fn hugo_minor_version() -> Option<u32> {
    let out = Command::new("hugo").arg("version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let start = text.find("v0.")? + 3;
    let digits: String = text[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn hugo_config(minor: u32) -> String {
    // `paginate` became `[pagination] pagerSize` in v0.128; `rssLimit` became
    // `[services.rss] limit` in v0.114. Old keys are errors or warnings in new versions.
    let (paginate, rss) = (
        if minor >= 128 { "" } else { "paginate = 10\n" },
        if minor >= 114 { "" } else { "rssLimit = 20\n" },
    );
    let mut s = format!(
        r##"# Benchmark corpus written by examples/gen_corpus.rs (for Hugo v0.{minor}); regenerate instead of editing.
baseURL = "https://bench.example.org/"
title = "Ost-West-Kooperation (Benchmark)"
defaultContentLanguage = "de"
defaultContentLanguageInSubdir = true
timeZone = "Asia/Shanghai"
hasCJKLanguage = true
enableRobotsTXT = true
{paginate}{rss}# gazette writes no per-year section pages (it has /LANG/archive/ instead).
disableKinds = ["section"]

[languages.de]
languageName = "Deutsch"
title = "Ost-West-Kooperation"
contentDir = "content/de"
weight = 1

[languages.zh]
languageName = "中文"
title = "东西部协作"
contentDir = "content/zh"
weight = 2

[taxonomies]
tag = "tags"
location = "locations"
source = "sources"

[outputs]
home = ["HTML", "RSS"]
page = ["HTML"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]

[sitemap]
changefreq = "weekly"
filename = "sitemap.xml"
"##
    );
    if minor >= 128 {
        s.push_str("\n[pagination]\npagerSize = 10\n");
    }
    if minor >= 114 {
        s.push_str("\n[services.rss]\nlimit = 20\n");
    }
    s
}

const HUGO_I18N_DE: &str = r##"[published]
other = "Veröffentlicht am"
[updated]
other = "aktualisiert am"
[minutes_read]
other = "Min. Lesezeit"
[event_facts]
other = "Zur Veranstaltung"
[event]
other = "Veranstaltung"
[event_date]
other = "Datum"
[location]
other = "Ort"
[source]
other = "Quelle"
[key_figures]
other = "Zahlen"
[tags]
other = "Schlagwörter"
[latest]
other = "Aktuell"
[latest_reports]
other = "Aktuelle Berichte"
[archive]
other = "Archiv"
[locations]
other = "Orte"
[sources]
other = "Quellen"
[page]
other = "Seite"
[newer]
other = "Neuere"
[older]
other = "Ältere"
[reports]
other = "Berichte"
[feed]
other = "RSS-Feed"
[skip_to_content]
other = "Zum Inhalt springen"
[other_languages]
other = "Andere Sprachen"
[not_found_title]
other = "Seite nicht gefunden"
[back_home]
other = "Zur Startseite"
"##;

const HUGO_I18N_ZH: &str = r##"[published]
other = "发布于"
[updated]
other = "更新于"
[minutes_read]
other = "分钟阅读"
[event_facts]
other = "活动信息"
[event]
other = "活动"
[event_date]
other = "日期"
[location]
other = "地点"
[source]
other = "来源"
[key_figures]
other = "数据"
[tags]
other = "标签"
[latest]
other = "最新"
[latest_reports]
other = "最新报道"
[archive]
other = "归档"
[locations]
other = "地点"
[sources]
other = "来源"
[page]
other = "第"
[newer]
other = "较新"
[older]
other = "较早"
[reports]
other = "篇报道"
[feed]
other = "RSS 订阅"
[skip_to_content]
other = "跳到正文"
[other_languages]
other = "其他语言"
[not_found_title]
other = "页面未找到"
[back_home]
other = "返回首页"
"##;

/// Layouts that render what gazette's default theme renders, about as heavily: head with
/// alternates and Open Graph, header navigation with language switcher, article with facts box,
/// figures, JSON-LD and tags, paginated lists of cards, term lists, the archive, 404.
/// Written the way a Hugo user would for speed: no tiny partials for one-line helpers (each
/// partial call costs tens of microseconds in Hugo), the card partial shared by all lists, term
/// links built from the page's params with `urlize | relLangURL` (the classic theme idiom,
/// cheaper than `.GetTerms`), and no `where` over all pages on every pager page.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<meta name="color-scheme" content="light dark">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
<link rel="alternate" type="application/rss+xml" title="{{ .Site.Title }}" href="{{ absLangURL "index.xml" }}">
<meta property="og:site_name" content="{{ .Site.Title }}">
<meta property="og:locale" content="{{ .Language.Lang }}">
{{ range .Translations }}<meta property="og:locale:alternate" content="{{ .Language.Lang }}">
{{ end }}<meta property="og:url" content="{{ .Permalink }}">
{{ block "head" . }}<meta property="og:type" content="website">
<meta property="og:title" content="{{ .Site.Title }}">{{ end }}
</head>
<body class="page-{{ .Kind }}">
<a class="skip-link" href="#main">{{ i18n "skip_to_content" }}</a>
{{ partial "header.html" . }}
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><div class="wrap"><p>{{ .Site.Title }}</p>
<ul class="footer-links"><li><a href="{{ relLangURL "index.xml" }}">{{ i18n "feed" }}</a></li></ul>
</div></footer>
</body>
</html>
"##,
    ),
    (
        "partials/header.html",
        r##"<header class="masthead">
  <div class="wrap masthead-inner">
    <a class="brand" href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
    {{ if .IsTranslated }}<nav class="lang-switch" aria-label="{{ i18n "other_languages" }}"><ul>
    {{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}" rel="alternate">{{ .Language.LanguageName }}</a></li>{{ end }}
    </ul></nav>{{ else }}<nav class="lang-switch" aria-label="{{ i18n "other_languages" }}"><ul>
    {{ range .Site.Home.Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}
    </ul></nav>{{ end }}
    <nav class="site-nav"><ul>
      <li><a href="{{ .Site.Home.RelPermalink }}"{{ if .IsHome }} aria-current="page"{{ end }}>{{ i18n "latest" }}</a></li>
      <li><a href="{{ relLangURL "archive/" }}">{{ i18n "archive" }}</a></li>
      <li><a href="{{ relLangURL "locations/" }}">{{ i18n "locations" }}</a></li>
      <li><a href="{{ relLangURL "tags/" }}">{{ i18n "tags" }}</a></li>
      <li><a href="{{ relLangURL "sources/" }}">{{ i18n "sources" }}</a></li>
    </ul></nav>
  </div>
</header>
"##,
    ),
    (
        "partials/card.html",
        r##"<article class="card" lang="{{ .Language.Lang }}">
  <h2 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <p class="meta">
    <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date | time.Format ":date_long" }}</time>
    {{ with .Params.event }}<span class="meta-sep" aria-hidden="true">·</span> <span class="meta-event">{{ time.Format ":date_long" .start }}{{ if ne .start .end }} – {{ time.Format ":date_long" .end }}{{ end }}</span>{{ end }}
    {{ $place := .Params.place.name }}{{ range .Params.locations }}<span class="meta-sep" aria-hidden="true">·</span> <a class="meta-location" href="{{ printf "locations/%s/" (urlize .) | relLangURL }}">{{ $place }}</a>{{ end }}
  </p>
  <p class="card-summary">{{ .Summary | plainify }}</p>
  {{ with .Params.figures }}<ul class="card-figures">
    {{ range first 3 . }}<li><strong>{{ lang.FormatNumber (cond (eq (math.Floor .value) (float .value)) 0 1) .value }}</strong>{{ with .unit }} {{ . }}{{ end }} <span>{{ .label }}</span></li>{{ end }}
  </ul>{{ end }}
</article>
"##,
    ),
    (
        "partials/pagination.html",
        r##"{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}
<nav class="pagination">
  {{ if $p.HasPrev }}<a rel="prev" href="{{ $p.Prev.URL }}">← {{ i18n "newer" }}</a>{{ end }}
  <span class="pagination-status">{{ i18n "page" }} {{ $p.PageNumber }} / {{ $p.TotalPages }}</span>
  {{ if $p.HasNext }}<a rel="next" href="{{ $p.Next.URL }}">{{ i18n "older" }} →</a>{{ end }}
</nav>
{{ end }}"##,
    ),
    (
        "_default/single.html",
        r##"{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "head" }}<meta property="og:type" content="article">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ .Summary | plainify }}">
<meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{ if ne .Lastmod .Date }}<meta property="article:modified_time" content="{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}">
{{ end }}{{ range .Params.tags }}<meta property="article:tag" content="{{ . }}">
{{ end }}<meta name="twitter:card" content="summary">
{{ $ld := dict "@context" "https://schema.org" "@type" "NewsArticle" "headline" .Title "datePublished" (.Date.Format "2006-01-02T15:04:05Z07:00") "inLanguage" .Language.Lang "url" .Permalink }}
{{ with .Params.event }}{{ $place := dict "@type" "Place" "name" $.Params.place.name }}{{ with $.Params.place.coordinates }}{{ $place = merge $place (dict "geo" (dict "@type" "GeoCoordinates" "latitude" (index . 0) "longitude" (index . 1))) }}{{ end }}{{ $ld = merge $ld (dict "about" (dict "@type" "Event" "name" .name "startDate" .start "endDate" .end "location" $place)) }}{{ end }}
<script type="application/ld+json">{{ $ld | jsonify | safeJS }}</script>{{ end }}
{{ define "main" }}
<article class="article" lang="{{ .Language.Lang }}">
  <header class="article-header">
    {{ with .Params.event }}<p class="kicker">{{ .name }}</p>{{ end }}
    <h1 class="article-title">{{ .Title }}</h1>
    <p class="lede">{{ .Summary | plainify }}</p>
    <p class="meta">
      <span>{{ i18n "published" }} <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date | time.Format ":date_long" }}</time></span>
      {{ if ne .Lastmod .Date }}<span class="meta-sep" aria-hidden="true">·</span> <span>{{ i18n "updated" }} <time>{{ .Lastmod | time.Format ":date_long" }}</time></span>{{ end }}
      <span class="meta-sep" aria-hidden="true">·</span> <span>{{ .ReadingTime }} {{ i18n "minutes_read" }}</span>
    </p>
  </header>
  <aside class="facts">
    <h2 class="facts-title">{{ i18n "event_facts" }}</h2>
    <dl>
      {{ with .Params.event }}<div><dt>{{ i18n "event" }}</dt><dd>{{ .name }}</dd></div>
      <div><dt>{{ i18n "event_date" }}</dt><dd><time datetime="{{ .start }}">{{ time.Format ":date_long" .start }}{{ if ne .start .end }} – {{ time.Format ":date_long" .end }}{{ end }}</time></dd></div>{{ end }}
      {{ range .Params.locations }}<div><dt>{{ i18n "location" }}</dt><dd><a href="{{ printf "locations/%s/" (urlize .) | relLangURL }}">{{ $.Params.place.name }}</a>{{ with $.Params.place.country }} ({{ . }}){{ end }}</dd></div>{{ end }}
      {{ range .Params.sources }}<div><dt>{{ i18n "source" }}</dt><dd><a href="{{ printf "sources/%s/" (urlize .) | relLangURL }}">{{ . }}</a>{{ with $.Params.publisher.section }} · {{ . }}{{ end }}{{ with $.Params.publisher.url }} · <a class="external" href="{{ . }}" rel="external noopener">↗</a>{{ end }}</dd></div>{{ end }}
    </dl>
  </aside>
  {{ with .Params.figures }}<section class="figures">
    <h2 class="figures-title">{{ i18n "key_figures" }}</h2>
    <ul>
      {{ range . }}<li class="figure" data-key="{{ .key }}"><span class="figure-value">{{ lang.FormatNumber (cond (eq (math.Floor .value) (float .value)) 0 1) .value }}</span>{{ with .unit }} <span class="figure-unit">{{ . }}</span>{{ end }}<span class="figure-label">{{ .label }}</span></li>
      {{ end }}
    </ul>
  </section>{{ end }}
  <div class="prose">
{{ .Content }}
  </div>
  {{ with .Params.tags }}<footer class="article-footer">
    <ul class="tags">{{ range . }}<li><a href="{{ printf "tags/%s/" (urlize .) | relLangURL }}" rel="tag">{{ . }}</a></li>{{ end }}</ul>
  </footer>{{ end }}
</article>
{{ end }}
"##,
    ),
    (
        "_default/list.html",
        r##"{{ define "title" }}{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} · {{ .Site.Title }}{{ end }}{{ end }}
{{ define "main" }}
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $paginator := .Paginate $pages }}
<h1 class="page-title">{{ if .IsHome }}{{ i18n "latest_reports" }}{{ else }}{{ .Title }}{{ end }}</h1>
<div class="card-list">
{{ range $paginator.Pages }}{{ partial "card.html" . }}{{ end }}
</div>
{{ partial "pagination.html" . }}
{{ end }}
"##,
    ),
    (
        "_default/taxonomy.html",
        r##"{{ define "title" }}{{ .Title }} · {{ i18n .Data.Plural }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}
<nav class="breadcrumb"><a href="{{ .Parent.RelPermalink }}">{{ i18n .Data.Plural }}</a></nav>
<h1 class="page-title">{{ .Title }}</h1>
<p class="term-count">{{ len .Pages }} {{ i18n "reports" }}</p>
<div class="card-list">
{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}
</div>
{{ partial "pagination.html" . }}
{{ end }}
"##,
    ),
    (
        "_default/terms.html",
        r##"{{ define "title" }}{{ i18n .Data.Plural }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}
<h1 class="page-title">{{ i18n .Data.Plural }}</h1>
<ul class="term-list">
  {{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}</span></li>
  {{ end }}
</ul>
{{ end }}
"##,
    ),
    (
        "_default/archive.html",
        r##"{{ define "title" }}{{ i18n "archive" }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}
<h1 class="page-title">{{ i18n "archive" }}</h1>
<div class="archive">
{{ range .Site.RegularPages.GroupByDate "2006" }}
  <section><h2>{{ .Key }}</h2>
  {{ range .Pages.GroupByDate "2006-01" }}
    <h3>{{ (index .Pages 0).Date | time.Format "January 2006" }}</h3>
    <ul>
    {{ range .Pages }}<li><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date | time.Format ":date_long" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{ end }}</ul>
  {{ end }}
  </section>
{{ end }}
</div>
{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "main" }}<h1>{{ i18n "not_found_title" }}</h1><p><a href="{{ .Site.Home.RelPermalink }}">{{ i18n "back_home" }}</a></p>{{ end }}
"##,
    ),
];

// ---------------------------------------------------------------------------------------------
// Writing

/// Prepares DIR: creates it, or clears a previous corpus (recognised by `marker`) in it.
fn prepare(dir: &Path, marker: &str, owned: &[&str]) -> Result<(), String> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if entries.next().is_some() && !dir.join(marker).exists() {
            return Err(format!(
                "{} is not empty and holds no {marker}; refusing to write into it",
                dir.display()
            ));
        }
        for name in owned {
            let path = dir.join(name);
            if path.is_dir() {
                fs::remove_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            } else if path.exists() {
                fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run(args: &Args) -> Result<(), String> {
    let mut rng = Rng(args.seed);
    let articles: Vec<Article> = (1..=args.articles).map(|i| make_article(&mut rng, i)).collect();

    prepare(&args.out, "site.toml", &["site.toml", "content"])?;
    write(&args.out.join("site.toml"), SITE_TOML)?;
    let content = args.out.join("content");
    write(
        &content.join("pages/about.de.md"),
        &format!("{ABOUT_DE_FRONT}{ABOUT_DE_BODY}"),
    )?;
    write(
        &content.join("pages/about.zh.md"),
        &format!("{ABOUT_ZH_FRONT}{ABOUT_ZH_BODY}"),
    )?;
    for a in &articles {
        write(&content.join(format!("{}.de.md", a.name)), &a.gazette_file(Lang::De))?;
        write(&content.join(format!("{}.zh.md", a.name)), &a.gazette_file(Lang::Zh))?;
    }
    let drafts = articles.iter().filter(|a| a.draft).count();
    eprintln!(
        "gazette corpus: {} articles ({} drafts), {} files in {}",
        articles.len(),
        drafts,
        2 * articles.len() + 2,
        args.out.display()
    );

    if let Some(hugo) = &args.hugo {
        let minor = hugo_minor_version().unwrap_or_else(|| {
            eprintln!("hugo not found: writing hugo.toml for current Hugo versions");
            150
        });
        prepare(hugo, "hugo.toml", &["hugo.toml", "content", "layouts", "i18n"])?;
        write(&hugo.join("hugo.toml"), &hugo_config(minor))?;
        write(&hugo.join("i18n/de.toml"), HUGO_I18N_DE)?;
        write(&hugo.join("i18n/zh.toml"), HUGO_I18N_ZH)?;
        for (path, text) in HUGO_LAYOUTS {
            write(&hugo.join("layouts").join(path), text)?;
        }
        let content = hugo.join("content");
        // Standalone pages stay out of lists, feeds and the archive, as in gazette.
        let unlisted = |front: &str| front.replacen("\n+++\n", "\n[_build]\nlist = \"never\"\n+++\n", 1);
        let about_de = format!("{}{ABOUT_DE_BODY}", unlisted(ABOUT_DE_FRONT));
        let about_zh = format!("{}{ABOUT_ZH_BODY}", unlisted(ABOUT_ZH_FRONT));
        write(&content.join("de/about.md"), &about_de)?;
        write(&content.join("zh/about.md"), &about_zh)?;
        let archive = |title: &str| unlisted(&format!("+++\ntitle = \"{title}\"\nlayout = \"archive\"\n+++\n"));
        write(&content.join("de/archive.md"), &archive("Archiv"))?;
        write(&content.join("zh/archive.md"), &archive("归档"))?;
        for a in &articles {
            write(&content.join(format!("de/{}.md", a.name)), &a.hugo_file(Lang::De))?;
            write(&content.join(format!("zh/{}.md", a.name)), &a.hugo_file(Lang::Zh))?;
        }
        eprintln!(
            "hugo corpus: {} articles, {} files in {} (config for Hugo v0.{minor})",
            articles.len(),
            2 * articles.len() + 4,
            hugo.display()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("gen_corpus: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::from(1)
        }
    }
}

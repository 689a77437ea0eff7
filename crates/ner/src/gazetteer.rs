//! Hand-written gazetteers (written for this project from general knowledge;
//! not copied from any corpus or web list), plus alias tables for canonical
//! names. They feed binary features to the tagger, so they need not be
//! complete: the model learns how much to trust each list.

use super::hash::{IdMap, hash_bytes, mix};
use std::sync::OnceLock;

/// Gazetteer categories (bit positions in `Gazetteer::lookup` masks).
pub(crate) const CAT_COUNTRY: u32 = 0;
pub(crate) const CAT_PLACE: u32 = 1;
pub(crate) const CAT_DEMONYM: u32 = 2;
pub(crate) const CAT_ORG: u32 = 3;
pub(crate) const CAT_ORG_WORD: u32 = 4;
pub(crate) const CAT_FIRST_NAME: u32 = 5;
pub(crate) const CAT_TITLE: u32 = 6;
pub(crate) const CAT_TIME: u32 = 7;
pub(crate) const N_CATS: u32 = 8;
/// Flag in `Gazetteer::step` masks: the sequence continues in a longer entry.
pub(crate) const MORE: u32 = 1 << 31;

/// Bump when lists change materially, so a model trained with other lists is
/// recognisable from its header.
pub(crate) const GAZETTEER_VERSION: u32 = 1;

const COUNTRIES: &str = "Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Bosnia and Herzegovina|Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|Central African Republic|Chad|Chile|China|People's Republic of China|Colombia|Comoros|Congo|Democratic Republic of Congo|Democratic Republic of the Congo|Costa Rica|Ivory Coast|Cote d'Ivoire|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|East Timor|Timor-Leste|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini|Swaziland|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|North Korea|South Korea|Korea|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|Holland|New Zealand|Nicaragua|Niger|Nigeria|North Macedonia|Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Russian Federation|Rwanda|Saint Lucia|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkiye|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|United States|United States of America|US|U.S.|USA|U.S.A.|America|Uruguay|Uzbekistan|Vanuatu|Vatican|Vatican City|Venezuela|Vietnam|Viet Nam|Yemen|Zambia|Zimbabwe|Soviet Union|USSR|Yugoslavia|Czechoslovakia|Greenland|Puerto Rico|Hong Kong|Macau|Tibet|Chechnya|Crimea|Kurdistan|Gaza|Gaza Strip|West Bank|Iran|Western Sahara";

const PLACES: &str = "Europe|Asia|Africa|North America|South America|Latin America|Central America|Oceania|Antarctica|Arctic|Middle East|Near East|Far East|Balkans|Caucasus|Scandinavia|Siberia|Caribbean|Mediterranean|Atlantic|Pacific|Indian Ocean|Black Sea|Baltic|Baltic Sea|Red Sea|Persian Gulf|Gulf|Sahara|Himalayas|Alps|Amazon|Nile|Danube|Rhine|Thames|Mississippi|Yangtze|Euphrates|Tigris|Donbas|Donbass|Kabul|Tirana|Algiers|Luanda|Buenos Aires|Yerevan|Canberra|Vienna|Baku|Manama|Dhaka|Minsk|Brussels|La Paz|Sarajevo|Brasilia|Sofia|Ottawa|Santiago|Beijing|Peking|Bogota|Havana|Nicosia|Prague|Copenhagen|Quito|Cairo|Tallinn|Addis Ababa|Helsinki|Paris|Tbilisi|Berlin|Accra|Athens|Budapest|Reykjavik|New Delhi|Delhi|Jakarta|Tehran|Baghdad|Dublin|Jerusalem|Tel Aviv|Rome|Tokyo|Amman|Astana|Nairobi|Pyongyang|Seoul|Pristina|Kuwait City|Bishkek|Vientiane|Riga|Beirut|Tripoli|Vilnius|Antananarivo|Kuala Lumpur|Bamako|Valletta|Mexico City|Chisinau|Ulaanbaatar|Ulan Bator|Podgorica|Rabat|Maputo|Naypyidaw|Yangon|Rangoon|Windhoek|Kathmandu|Amsterdam|The Hague|Wellington|Managua|Abuja|Lagos|Skopje|Oslo|Muscat|Islamabad|Karachi|Lahore|Panama City|Asuncion|Lima|Manila|Warsaw|Lisbon|Doha|Bucharest|Moscow|Kigali|Riyadh|Jeddah|Mecca|Medina|Dakar|Belgrade|Freetown|Bratislava|Ljubljana|Mogadishu|Pretoria|Johannesburg|Cape Town|Durban|Juba|Madrid|Barcelona|Colombo|Khartoum|Stockholm|Bern|Geneva|Zurich|Damascus|Aleppo|Taipei|Dushanbe|Dodoma|Dar es Salaam|Bangkok|Tunis|Ankara|Istanbul|Ashgabat|Kampala|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Lviv|Mariupol|Abu Dhabi|Dubai|London|Manchester|Liverpool|Birmingham|Leeds|Glasgow|Edinburgh|Cardiff|Belfast|Bristol|Oxford|Cambridge|Washington|Washington D.C.|New York|New York City|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Francisco|Seattle|Boston|Miami|Atlanta|Detroit|Denver|Las Vegas|Baltimore|Pittsburgh|Cleveland|New Orleans|Minneapolis|St. Louis|Montevideo|Tashkent|Caracas|Hanoi|Ho Chi Minh City|Saigon|Sanaa|Lusaka|Harare|Shanghai|Hong Kong|Guangzhou|Shenzhen|Wuhan|Chengdu|Mumbai|Bombay|Kolkata|Calcutta|Chennai|Bangalore|Bengaluru|Hyderabad|Osaka|Kyoto|Yokohama|Busan|Sydney|Melbourne|Brisbane|Perth|Auckland|Toronto|Montreal|Vancouver|Calgary|Quebec|Rio de Janeiro|Sao Paulo|Sao Paolo|Frankfurt|Munich|Hamburg|Cologne|Bonn|Milan|Naples|Turin|Venice|Florence|Lyon|Marseille|Nice|St Petersburg|St. Petersburg|Saint Petersburg|Novosibirsk|Vladivostok|Kaliningrad|Sochi|Grozny|Minsk|Gdansk|Krakow|Rotterdam|Antwerp|Porto|Seville|Valencia|Kabul|Kandahar|Mosul|Basra|Benghazi|Alexandria|Casablanca|Lagos|Kinshasa|Goma|Harbin|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|West Virginia|Wisconsin|Wyoming|Ontario|British Columbia|Alberta|Bavaria|Catalonia|Kashmir|Punjab|Bengal|Xinjiang|Tibet|Sicily|Sardinia|Corsica|Normandy|Brittany|Provence|Tuscany|Lombardy|Yorkshire|Kent|Surrey|Essex|Sussex|Lancashire|Silicon Valley|Hollywood|Manhattan|Brooklyn|Queens|Bronx|Wall Street";

const DEMONYMS: &str = "Afghan|Albanian|Algerian|American|Americans|Angolan|Argentine|Argentinian|Armenian|Australian|Austrian|Azerbaijani|Azeri|Bahraini|Bangladeshi|Belarusian|Belgian|Bolivian|Bosnian|Brazilian|British|Briton|Britons|Bulgarian|Burmese|Cambodian|Cameroonian|Canadian|Chilean|Chinese|Colombian|Congolese|Croatian|Croat|Cuban|Cypriot|Czech|Danish|Dane|Dutch|Ecuadorian|Egyptian|English|Eritrean|Estonian|Ethiopian|European|Europeans|Filipino|Finnish|Finn|French|Frenchman|Georgian|German|Germans|Ghanaian|Greek|Guatemalan|Haitian|Honduran|Hungarian|Icelandic|Indian|Indonesian|Iranian|Iraqi|Irish|Israeli|Italian|Jamaican|Japanese|Jordanian|Kazakh|Kenyan|Korean|Kosovar|Kuwaiti|Kurdish|Kurd|Kurds|Kyrgyz|Lao|Latvian|Lebanese|Liberian|Libyan|Lithuanian|Macedonian|Malagasy|Malaysian|Malian|Maltese|Mexican|Moldovan|Mongolian|Montenegrin|Moroccan|Mozambican|Namibian|Nepalese|Nepali|New Zealander|Nicaraguan|Nigerian|Nigerien|Norwegian|Omani|Pakistani|Palestinian|Palestinians|Panamanian|Paraguayan|Persian|Peruvian|Polish|Pole|Portuguese|Qatari|Romanian|Russian|Russians|Rwandan|Saudi|Scottish|Scot|Scots|Senegalese|Serbian|Serb|Serbs|Singaporean|Slovak|Slovenian|Slovene|Somali|South African|Spanish|Spaniard|Sri Lankan|Sudanese|Swedish|Swede|Swiss|Syrian|Taiwanese|Tajik|Tanzanian|Thai|Tibetan|Tunisian|Turkish|Turk|Turks|Turkmen|Ugandan|Ukrainian|Ukrainians|Uruguayan|Uzbek|Venezuelan|Vietnamese|Welsh|Yemeni|Zambian|Zimbabwean|Soviet|Soviets|Yugoslav|Arab|Arabs|Arabic|Asian|African|Africans|Latin American|Hispanic|Latino|Western|Westerner|Muslim|Muslims|Moslem|Christian|Christians|Catholic|Catholics|Protestant|Jewish|Jew|Jews|Hindu|Buddhist|Sikh|Sunni|Shi'ite|Shiite|Shia|Islamic|Orthodox|Baltic|Nordic|Scandinavian|Caucasian|Pashtun|Tamil|Sinhalese|Hutu|Tutsi|Bedouin|Chechen|Uighur|Uyghur|Kashmiri|Punjabi|Bengali|Hebrew|Celtic|Anglo|Basque|Catalan|Flemish|Walloon|Bavarian|Texan|Californian|Londoner|Parisian|Muscovite|Democrat|Democrats|Republican|Republicans|Conservative|Labour|Communist|Communists|Marxist|Nazi|Nazis|Olympic|Olympics|Internet|English-language";

const ORGS: &str = "United Nations|UN|U.N.|UNESCO|UNICEF|UNHCR|WHO|World Health Organization|NATO|North Atlantic Treaty Organization|European Union|EU|E.U.|European Commission|European Parliament|European Central Bank|ECB|Council of Europe|African Union|Arab League|ASEAN|OPEC|OSCE|G7|G8|G20|IMF|International Monetary Fund|World Bank|WTO|World Trade Organization|Interpol|Red Cross|International Committee of the Red Cross|Amnesty International|Human Rights Watch|Greenpeace|FIFA|UEFA|IOC|International Olympic Committee|Kremlin|White House|Pentagon|State Department|Congress|Senate|House of Representatives|Supreme Court|Federal Reserve|Fed|FBI|CIA|NSA|NASA|EPA|FDA|SEC|IRS|Justice Department|Department of Justice|Department of State|Defense Department|Department of Defense|Treasury|Treasury Department|Homeland Security|Department of Homeland Security|Parliament|Bundestag|Duma|State Duma|Knesset|Downing Street|Foreign Office|Home Office|Scotland Yard|Labour Party|Conservative Party|Democratic Party|Republican Party|Communist Party|Taliban|Hamas|Hezbollah|Hizbollah|al-Qaeda|al Qaeda|Islamic State|ISIS|ISIL|Reuters|Associated Press|AP|AFP|Agence France-Presse|BBC|CNN|Fox News|NBC|CBS|ABC|MSNBC|NPR|PBS|New York Times|Washington Post|Wall Street Journal|Financial Times|The Guardian|Guardian|The Times|Bloomberg|Xinhua|TASS|Tass|RIA Novosti|Interfax|Al Jazeera|Gazprom|Rosneft|Lukoil|Aeroflot|Google|Alphabet|Apple|Microsoft|Amazon|Facebook|Meta|Twitter|Tesla|IBM|Intel|Nvidia|Samsung|Sony|Toyota|Honda|Nissan|Volkswagen|BMW|Daimler|Mercedes|Ford|General Motors|GM|Boeing|Airbus|Exxon|ExxonMobil|Chevron|Shell|BP|Total|Siemens|Nokia|Ericsson|Huawei|Alibaba|Tencent|Baidu|Netflix|Disney|Walmart|Goldman Sachs|JPMorgan|Morgan Stanley|Citigroup|Citibank|HSBC|Barclays|Deutsche Bank|UBS|Credit Suisse|Bank of England|Bank of Japan|Nasdaq|Dow Jones|Harvard|Harvard University|Yale|Stanford|MIT|Princeton|Oxford University|Cambridge University|Manchester United|Real Madrid|Barcelona|Chelsea|Arsenal|Liverpool|Bayern Munich|Juventus|Ajax|PSV|Celtic|Rangers|Yankees|Red Sox|Lakers|Microsoft Corp|Apple Inc";

const ORG_WORDS: &str = "Inc|Inc.|Corp|Corp.|Corporation|Co|Co.|Company|Ltd|Ltd.|Limited|LLC|PLC|Plc|AG|GmbH|SA|S.A.|NV|N.V.|AB|ASA|Group|Holdings|Holding|Bank|Bancorp|Airlines|Airways|Motors|Industries|Systems|Technologies|Partners|Capital|Fund|Trust|Securities|Investments|University|College|Institute|Academy|School|Party|Ministry|Council|Committee|Commission|Agency|Authority|Department|Bureau|Office|Court|Tribunal|Association|Federation|Union|Society|Foundation|League|Club|FC|United|City|Rovers|Wanderers|Athletic|Olympique|Sporting|Real|Army|Navy|Force|Forces|Police|Guard|Front|Movement|Brigade|Brigades|Organization|Organisation|Alliance|Coalition|Congress|Assembly|Parliament|Senate|Cabinet|Government|Administration|Board|Service|Services|Network|News|Times|Post|Journal|Herald|Tribune|Telegraph|Gazette|Press|Media|Television|TV|Radio|Records|Studios|Pictures|Church|Hospital|Museum|Orchestra|Band|Team|Exchange|Reserve|Centre|Center|Laboratory|Laboratories|Labs";

const FIRST_NAMES: &str = "James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Mark|Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Ronald|Edward|Jason|Jeffrey|Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|Alexander|Frank|Patrick|Raymond|Jack|Dennis|Jerry|Tyler|Aaron|Jose|Adam|Nathan|Henry|Douglas|Zachary|Peter|Kyle|Noah|Ethan|Jeremy|Walter|Christian|Keith|Roger|Terry|Austin|Sean|Gerald|Carl|Harold|Dylan|Arthur|Lawrence|Jordan|Jesse|Bryan|Billy|Bruce|Gabriel|Joe|Logan|Albert|Willie|Alan|Eugene|Russell|Vincent|Philip|Bobby|Johnny|Bradley|Roy|Ralph|Randy|Wayne|Howard|Fred|Martin|Tony|Tom|Bill|Bob|Jim|Mike|Dave|Steve|Chris|Nick|Matt|Ben|Sam|Dan|Joe|Ted|Barack|Hillary|Mitt|Newt|Rudy|Boris|Vladimir|Dmitry|Dmitri|Sergei|Sergey|Alexei|Alexey|Mikhail|Nikolai|Ivan|Igor|Yuri|Oleg|Viktor|Victor|Andrei|Andriy|Volodymyr|Petro|Yulia|Olga|Natalia|Tatiana|Svetlana|Irina|Anna|Maria|Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|Nancy|Betty|Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Carol|Amanda|Dorothy|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|Cynthia|Kathleen|Amy|Angela|Shirley|Brenda|Emma|Pamela|Nicole|Helen|Samantha|Katherine|Christine|Debra|Rachel|Carolyn|Janet|Catherine|Heather|Diane|Julie|Joyce|Victoria|Kelly|Christina|Lauren|Joan|Evelyn|Olivia|Judith|Megan|Cheryl|Martha|Andrea|Frances|Hannah|Jacqueline|Ann|Gloria|Jean|Kathryn|Alice|Teresa|Sara|Janice|Doris|Madison|Julia|Grace|Judy|Abigail|Marie|Denise|Beverly|Amber|Theresa|Marilyn|Danielle|Diana|Brittany|Natalie|Sophia|Rose|Isabella|Alexis|Kayla|Charlotte|Angela|Kamala|Nancy|Theresa|Angela|Emmanuel|Francois|Jacques|Jean-Claude|Pierre|Nicolas|Marine|Olaf|Helmut|Gerhard|Wolfgang|Hans|Klaus|Jurgen|Silvio|Matteo|Giuseppe|Mario|Giorgia|Pedro|Carlos|Luis|Juan|Javier|Miguel|Manuel|Antonio|Francisco|Jorge|Fernando|Ricardo|Eduardo|Alejandro|Diego|Luiz|Inacio|Jair|Recep|Tayyip|Benjamin|Ehud|Ariel|Shimon|Yitzhak|Mahmoud|Yasser|Ali|Mohammed|Muhammad|Mohamed|Ahmed|Ahmad|Hassan|Hussein|Saddam|Bashar|Hosni|Abdullah|Omar|Osama|Khalid|Ibrahim|Yusuf|Mustafa|Xi|Hu|Li|Wang|Zhang|Shinzo|Fumio|Narendra|Rahul|Imran|Nawaz|Benazir|Kim|Moon|Nelson|Jacob|Cyril|Thabo|Robert|Kofi|Ban|Antonio|Ursula|Jens|Justin|Theresa|Keir|Rishi|Liz|Gordon|Tony|Margaret|Winston|Marco|Sergio|Elon|Jeff|Warren|Larry|Mark|Sundar|Satya|Tim|Jamie|Lionel|Cristiano|Roger|Rafael|Novak|Serena|Andy|Tiger";

const TITLES: &str = "President|Vice President|Prime Minister|Deputy Prime Minister|Minister|Foreign Minister|Defence Minister|Defense Minister|Finance Minister|Interior Minister|Secretary|Secretary of State|Secretary-General|Secretary General|Chancellor|King|Queen|Prince|Princess|Emperor|Pope|Sheikh|Sultan|Emir|Ayatollah|Governor|Senator|Sen.|Sen|Rep.|Rep|Representative|Congressman|Congresswoman|Mayor|Judge|Justice|Chief Justice|Ambassador|Envoy|General|Gen.|Gen|Admiral|Adm.|Colonel|Col.|Major|Maj.|Captain|Capt.|Lieutenant|Lt.|Sergeant|Sgt.|Commander|Marshal|Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Miss|Dr|Dr.|Prof|Prof.|Professor|Sir|Dame|Lord|Lady|Rev.|Reverend|Father|Bishop|Archbishop|Cardinal|Rabbi|Imam|Chairman|Chairwoman|Chair|CEO|Director|Chief|Spokesman|Spokeswoman|Spokesperson|Speaker|Leader|Premier|Coach|Manager|Striker|Midfielder|Defender|Goalkeeper|Dictator|Commissioner|Attorney General|Prosecutor|Adviser|Advisor|Aide|Officer|Inspector|Detective|Chief Executive|Executive|Founder|Co-founder|Minister of State|Deputy|Acting";

const TIME_WORDS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Jan.|Feb|Feb.|Mar.|Apr|Apr.|Jun.|Jul.|Aug|Aug.|Sep|Sep.|Sept|Sept.|Oct|Oct.|Nov|Nov.|Dec|Dec.|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Yesterday|Tomorrow|Christmas|Easter|Ramadan";

/// Canonical names for common variant spellings. Keys are lowercase with
/// dots removed and a leading "the" stripped (see `alias_key`).
const ALIASES: &[(&str, &str)] = &[
    ("us", "United States"),
    ("usa", "United States"),
    ("united states", "United States"),
    ("united states of america", "United States"),
    ("america", "United States"),
    ("uk", "United Kingdom"),
    ("united kingdom", "United Kingdom"),
    ("britain", "United Kingdom"),
    ("great britain", "United Kingdom"),
    ("un", "United Nations"),
    ("united nations", "United Nations"),
    ("eu", "European Union"),
    ("european union", "European Union"),
    ("russian federation", "Russia"),
    ("ussr", "Soviet Union"),
    ("soviet union", "Soviet Union"),
    ("uae", "United Arab Emirates"),
    ("united arab emirates", "United Arab Emirates"),
    ("kiev", "Kyiv"),
    ("kyiv", "Kyiv"),
    ("holland", "Netherlands"),
    ("netherlands", "Netherlands"),
    ("turkiye", "Turkey"),
    ("burma", "Myanmar"),
    ("prc", "China"),
    ("peoples republic of china", "China"),
    ("nato", "NATO"),
    ("north atlantic treaty organization", "NATO"),
    ("imf", "International Monetary Fund"),
    ("international monetary fund", "International Monetary Fund"),
    ("who", "World Health Organization"),
    ("world health organization", "World Health Organization"),
    ("washington dc", "Washington"),
    ("new york city", "New York"),
    ("nyc", "New York"),
];

pub(crate) struct Gazetteer {
    /// Hash of the lowercased token sequence -> category bit mask.
    entries: IdMap<u64, u32>,
    /// Hash of every token sequence that is an entry or a proper prefix of
    /// one -> category mask, with `MORE` set for prefixes (see `step`).
    steps: IdMap<u64, u32>,
    pub(crate) max_len: usize,
    aliases: std::collections::HashMap<&'static str, &'static str>,
    titles_lower: std::collections::HashSet<String>,
}

/// Seed for hashing a lowercased token sequence; shared with the tagger so
/// gazetteer lookups reuse per-token word hashes.
pub(crate) const SEQ_SEED: u64 = 0x9e37_79b9_7f4a_7c15;
pub(crate) const WORD_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// Hash of one lowercased word, as computed by the feature extractor.
pub(crate) fn word_hash(lower: &str) -> u64 {
    hash_bytes(WORD_SEED, lower.as_bytes())
}

pub(crate) fn seq_step(h: u64, word: u64) -> u64 {
    mix(h, word)
}

impl Gazetteer {
    pub(crate) fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        let mut g = Gazetteer {
            entries: IdMap::default(),
            steps: IdMap::default(),
            max_len: 1,
            aliases: ALIASES.iter().copied().collect(),
            titles_lower: std::collections::HashSet::new(),
        };
        let lists = [
            (CAT_COUNTRY, COUNTRIES),
            (CAT_PLACE, PLACES),
            (CAT_DEMONYM, DEMONYMS),
            (CAT_ORG, ORGS),
            (CAT_ORG_WORD, ORG_WORDS),
            (CAT_FIRST_NAME, FIRST_NAMES),
            (CAT_TITLE, TITLES),
            (CAT_TIME, TIME_WORDS),
        ];
        for (cat, list) in lists {
            for name in list.split('|') {
                // Tokenise entries with the same tokenizer used on raw text so
                // "U.S." or "Guinea-Bissau" match however the text splits them.
                let toks: Vec<String> = super::tokenize::tokenize_words(name)
                    .into_iter()
                    .map(|s| s.to_lowercase())
                    .collect();
                if toks.is_empty() {
                    continue;
                }
                let mut h = SEQ_SEED;
                for (k, t) in toks.iter().enumerate() {
                    h = seq_step(h, word_hash(&normalize_lower(t)));
                    if k + 1 < toks.len() {
                        *g.steps.entry(h).or_insert(0) |= MORE;
                    }
                }
                *g.entries.entry(h).or_insert(0) |= 1 << cat;
                *g.steps.entry(h).or_insert(0) |= 1 << cat;
                g.max_len = g.max_len.max(toks.len());
                if cat == CAT_TITLE {
                    for t in toks {
                        g.titles_lower.insert(t);
                    }
                }
            }
        }
        g
    }

    /// For a token-sequence hash: its category mask, with `MORE` set when a
    /// longer entry starts with this sequence (else no longer sequence from
    /// the same start can match, and a scan can stop).
    #[inline]
    pub(crate) fn step(&self, seq_hash: u64) -> u32 {
        self.steps.get(&seq_hash).copied().unwrap_or(0)
    }

    /// Category mask for an exact token-sequence hash (see `seq_step`).
    #[inline]
    pub(crate) fn lookup(&self, seq_hash: u64) -> u32 {
        self.entries.get(&seq_hash).copied().unwrap_or(0)
    }

    /// Is this (lowercased) word part of a person title ("president",
    /// "minister", "mr.")? Used to split roles off person names.
    pub(crate) fn is_title_word(&self, lower: &str) -> bool {
        self.titles_lower.contains(lower)
    }

    /// Is this lowercased single word a listed first name?
    pub(crate) fn is_first_name(&self, lower: &str) -> bool {
        let h = seq_step(SEQ_SEED, word_hash(lower));
        self.lookup(h) & (1 << CAT_FIRST_NAME) != 0
    }

    pub(crate) fn alias(&self, key: &str) -> Option<&'static str> {
        self.aliases.get(key).copied()
    }
}

/// Normalise typographic apostrophes and dashes so "Shi’ite" and "Shi'ite"
/// share features and gazetteer entries.
pub(crate) fn normalize_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_lower_into(s, &mut out);
    out
}

/// `normalize_lower` of `s` appended to `out`: for callers that test many words with one
/// buffer.
pub(crate) fn normalize_lower_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            '\u{2013}' | '\u{2014}' => out.push('-'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Key for alias lookup: lowercase, dots removed, leading "the " dropped,
/// whitespace collapsed.
pub(crate) fn alias_key(s: &str) -> String {
    let mut k = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !k.is_empty() {
            k.push(' ');
        }
        for c in w.chars() {
            match c {
                '.' => {}
                '\u{2019}' | '\'' => {}
                c if c.is_ascii() => k.push(c.to_ascii_lowercase()),
                c => k.extend(c.to_lowercase()),
            }
        }
    }
    if k.starts_with("the ") {
        k.drain(..4);
    }
    k
}

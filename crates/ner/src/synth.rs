//! Synthetic sports-results training text, generated from templates and
//! team lists (no corpus text). News wires carry many result tables and
//! sports briefs where a place name is a team ("Surrey beat Kent",
//! "CHICAGO AT NEW YORK"); the permissively licensed corpora have almost
//! none, so without this the tagger calls every such team a place.
//! Conventions: teams are ORG, venues and datelines LOC, competitions MISC.
//!
//! The team lists are complete enumerations by rule, written from general
//! knowledge and not from any evaluation corpus: every club of the 2024-25
//! season of the English Premier League and Championship, the Scottish
//! Premiership, La Liga, Serie A, the Bundesliga, Ligue 1 and the
//! Eredivisie; the 18 English first-class cricket counties; and every MLB,
//! NBA, NFL and NHL franchise of 2024-25. Nothing was added or left out
//! because of how an evaluation set scores. National sides are left out on
//! purpose: whether "England" in a match report is a team or a country is a
//! convention that differs between corpora.

use super::train::Document;
use crate::rng::XorShift;

/// European clubs: `Full name=short form...@home town`. The short forms are
/// what result tables and reports use ("Wolves", "Spurs", "Inter").
const FOOTBALL: &[(&str, &str)] = &[
    (
        "Premier League",
        "Arsenal@London|Aston Villa=Villa@Birmingham|Bournemouth@Bournemouth|Brentford@London|\
         Brighton and Hove Albion=Brighton@Brighton|Chelsea@London|Crystal Palace=Palace@London|\
         Everton@Liverpool|Fulham@London|Ipswich Town=Ipswich@Ipswich|\
         Leicester City=Leicester@Leicester|Liverpool@Liverpool|Manchester City=Man City@Manchester|\
         Manchester United=Man United@Manchester|Newcastle United=Newcastle@Newcastle|\
         Nottingham Forest=Forest@Nottingham|Southampton@Southampton|\
         Tottenham Hotspur=Tottenham=Spurs@London|West Ham United=West Ham@London|\
         Wolverhampton Wanderers=Wolves@Wolverhampton",
    ),
    (
        "Championship",
        "Blackburn Rovers=Blackburn@Blackburn|Bristol City@Bristol|Burnley@Burnley|\
         Cardiff City=Cardiff@Cardiff|Coventry City=Coventry@Coventry|Derby County=Derby@Derby|\
         Hull City=Hull@Hull|Leeds United=Leeds@Leeds|Luton Town=Luton@Luton|\
         Middlesbrough@Middlesbrough|Millwall@London|Norwich City=Norwich@Norwich|\
         Oxford United=Oxford@Oxford|Plymouth Argyle=Plymouth@Plymouth|Portsmouth@Portsmouth|\
         Preston North End=Preston@Preston|Queens Park Rangers=QPR@London|\
         Sheffield United@Sheffield|Sheffield Wednesday@Sheffield|Stoke City=Stoke@Stoke|\
         Sunderland@Sunderland|Swansea City=Swansea@Swansea|Watford@Watford|\
         West Bromwich Albion=West Brom@West Bromwich",
    ),
    (
        "Scottish Premiership",
        "Aberdeen@Aberdeen|Celtic@Glasgow|Dundee@Dundee|Dundee United@Dundee|\
         Heart of Midlothian=Hearts@Edinburgh|Hibernian=Hibs@Edinburgh|Kilmarnock@Kilmarnock|\
         Motherwell@Motherwell|Rangers@Glasgow|Ross County@Dingwall|St Johnstone@Perth|\
         St Mirren@Paisley",
    ),
    (
        "La Liga",
        "Alaves@Vitoria|Athletic Bilbao=Athletic@Bilbao|Atletico Madrid=Atletico@Madrid|\
         Barcelona=Barca@Barcelona|Celta Vigo=Celta@Vigo|Espanyol@Barcelona|Getafe@Getafe|\
         Girona@Girona|Las Palmas@Las Palmas|Leganes@Leganes|Mallorca@Palma|Osasuna@Pamplona|\
         Rayo Vallecano=Rayo@Madrid|Real Betis=Betis@Seville|Real Madrid@Madrid|\
         Real Sociedad=Sociedad@San Sebastian|Sevilla@Seville|Valencia@Valencia|\
         Real Valladolid=Valladolid@Valladolid|Villarreal@Villarreal",
    ),
    (
        "Serie A",
        "Atalanta@Bergamo|Bologna@Bologna|Cagliari@Cagliari|Como@Como|Empoli@Empoli|\
         Fiorentina@Florence|Genoa@Genoa|Hellas Verona=Verona@Verona|Inter Milan=Inter@Milan|\
         Juventus=Juve@Turin|Lazio@Rome|Lecce@Lecce|AC Milan=Milan@Milan|Monza@Monza|\
         Napoli@Naples|Parma@Parma|Roma@Rome|Torino@Turin|Udinese@Udine|Venezia@Venice",
    ),
    (
        "Bundesliga",
        "Augsburg@Augsburg|Bayer Leverkusen=Leverkusen@Leverkusen|Bayern Munich=Bayern@Munich|\
         Bochum@Bochum|Borussia Dortmund=Dortmund@Dortmund|\
         Borussia Moenchengladbach=Gladbach@Moenchengladbach|\
         Eintracht Frankfurt=Frankfurt@Frankfurt|Freiburg@Freiburg|Heidenheim@Heidenheim|\
         Hoffenheim@Sinsheim|Holstein Kiel=Kiel@Kiel|Mainz@Mainz|RB Leipzig=Leipzig@Leipzig|\
         St Pauli@Hamburg|VfB Stuttgart=Stuttgart@Stuttgart|Union Berlin@Berlin|\
         Werder Bremen=Bremen@Bremen|VfL Wolfsburg=Wolfsburg@Wolfsburg",
    ),
    (
        "Ligue 1",
        "Angers@Angers|Auxerre@Auxerre|Brest@Brest|Le Havre@Le Havre|Lens@Lens|Lille@Lille|\
         Olympique Lyonnais=Lyon@Lyon|Olympique de Marseille=Marseille@Marseille|Monaco@Monaco|\
         Montpellier@Montpellier|Nantes@Nantes|Nice@Nice|Paris Saint-Germain=PSG@Paris|\
         Reims@Reims|Rennes@Rennes|Saint-Etienne@Saint-Etienne|Strasbourg@Strasbourg|\
         Toulouse@Toulouse",
    ),
    (
        "Eredivisie",
        "Ajax@Amsterdam|AZ Alkmaar=AZ@Alkmaar|Feyenoord@Rotterdam|FC Groningen=Groningen@Groningen|\
         Go Ahead Eagles@Deventer|Heracles Almelo=Heracles@Almelo|Almere City@Almere|\
         NAC Breda=NAC@Breda|NEC Nijmegen=NEC@Nijmegen|PEC Zwolle=Zwolle@Zwolle|\
         PSV Eindhoven=PSV@Eindhoven|RKC Waalwijk=RKC@Waalwijk|Sparta Rotterdam=Sparta@Rotterdam|\
         Fortuna Sittard=Fortuna@Sittard|FC Twente=Twente@Enschede|FC Utrecht=Utrecht@Utrecht|\
         Willem II@Tilburg|Heerenveen@Heerenveen",
    ),
];

/// The 18 first-class counties, with the town of each one's main ground.
const COUNTIES: &str = "Derbyshire@Derby|Durham@Chester-le-Street|Essex@Chelmsford|\
    Glamorgan@Cardiff|Gloucestershire@Bristol|Hampshire@Southampton|Kent@Canterbury|\
    Lancashire@Manchester|Leicestershire@Leicester|Middlesex@London|\
    Northamptonshire@Northampton|Nottinghamshire@Nottingham|Somerset@Taunton|Surrey@London|\
    Sussex@Hove|Warwickshire@Birmingham|Worcestershire@Worcester|Yorkshire@Leeds";

/// North American franchises as `City:Nickname` (the city is the home
/// town, or the state or region in the name); wires name them by city
/// ("Boston 5 Toronto 3"), by nickname ("the Yankees") or in full.
const NORTH_AMERICA: &[(&str, &str, &str)] = &[
    (
        "BASEBALL",
        "Major League Baseball",
        "Arizona:Diamondbacks|Atlanta:Braves|Baltimore:Orioles|Boston:Red Sox|Chicago:Cubs|\
         Chicago:White Sox|Cincinnati:Reds|Cleveland:Guardians|Colorado:Rockies|Detroit:Tigers|\
         Houston:Astros|Kansas City:Royals|Los Angeles:Angels|Los Angeles:Dodgers|Miami:Marlins|\
         Milwaukee:Brewers|Minnesota:Twins|New York:Mets|New York:Yankees|Oakland:Athletics|\
         Philadelphia:Phillies|Pittsburgh:Pirates|San Diego:Padres|San Francisco:Giants|\
         Seattle:Mariners|St. Louis:Cardinals|Tampa Bay:Rays|Texas:Rangers|Toronto:Blue Jays|\
         Washington:Nationals",
    ),
    (
        "BASKETBALL",
        "NBA",
        "Atlanta:Hawks|Boston:Celtics|Brooklyn:Nets|Charlotte:Hornets|Chicago:Bulls|\
         Cleveland:Cavaliers|Dallas:Mavericks|Denver:Nuggets|Detroit:Pistons|\
         Golden State:Warriors|Houston:Rockets|Indiana:Pacers|Los Angeles:Clippers|\
         Los Angeles:Lakers|Memphis:Grizzlies|Miami:Heat|Milwaukee:Bucks|\
         Minnesota:Timberwolves|New Orleans:Pelicans|New York:Knicks|Oklahoma City:Thunder|\
         Orlando:Magic|Philadelphia:76ers|Phoenix:Suns|Portland:Trail Blazers|\
         Sacramento:Kings|San Antonio:Spurs|Toronto:Raptors|Utah:Jazz|Washington:Wizards",
    ),
    (
        "AMERICAN FOOTBALL",
        "NFL",
        "Arizona:Cardinals|Atlanta:Falcons|Baltimore:Ravens|Buffalo:Bills|Carolina:Panthers|\
         Chicago:Bears|Cincinnati:Bengals|Cleveland:Browns|Dallas:Cowboys|Denver:Broncos|\
         Detroit:Lions|Green Bay:Packers|Houston:Texans|Indianapolis:Colts|\
         Jacksonville:Jaguars|Kansas City:Chiefs|Las Vegas:Raiders|Los Angeles:Chargers|\
         Los Angeles:Rams|Miami:Dolphins|Minnesota:Vikings|New England:Patriots|\
         New Orleans:Saints|New York:Giants|New York:Jets|Philadelphia:Eagles|\
         Pittsburgh:Steelers|San Francisco:49ers|Seattle:Seahawks|Tampa Bay:Buccaneers|\
         Tennessee:Titans|Washington:Commanders",
    ),
    (
        "ICE HOCKEY",
        "NHL",
        "Anaheim:Ducks|Boston:Bruins|Buffalo:Sabres|Calgary:Flames|Carolina:Hurricanes|\
         Chicago:Blackhawks|Colorado:Avalanche|Columbus:Blue Jackets|Dallas:Stars|\
         Detroit:Red Wings|Edmonton:Oilers|Florida:Panthers|Los Angeles:Kings|\
         Minnesota:Wild|Montreal:Canadiens|Nashville:Predators|New Jersey:Devils|\
         New York:Islanders|New York:Rangers|Ottawa:Senators|Philadelphia:Flyers|\
         Pittsburgh:Penguins|San Jose:Sharks|Seattle:Kraken|St. Louis:Blues|\
         Tampa Bay:Lightning|Toronto:Maple Leafs|Utah:Hockey Club|Vancouver:Canucks|\
         Vegas:Golden Knights|Washington:Capitals|Winnipeg:Jets",
    ),
];

/// Common given names and surnames of the countries above (general
/// knowledge, not players' names).
const GIVEN: &str = "John|Mark|Paul|Peter|David|Steve|Mike|Chris|Graham|Alan|Ian|Brian|Andy|\
    Dean|Darren|Ryan|Roberto|Marco|Luis|Juan|Carlos|Oliver|Thomas|Lars|Henrik|Dennis|Patrick|\
    Jose|Ken|Greg|Frank|Tony|Gary|Matt|Jason|Kevin|Craig|Phil|Jan|Tomas|James|Daniel|Lukas|\
    Pierre|Antoine|Hugo|Luca|Giovanni|Alessandro|Pablo|Sergio|Diego|Kai|Jonas|Tim|Ruben|\
    Bram|Sven|Tyler|Jake|Austin|Brandon|Kyle|Marcus|Jamal|Connor|Liam|Noah|Ethan|Callum|Jack";

const SURNAMES: &str = "Smith|Jones|Williams|Brown|Taylor|Davies|Evans|Wilson|Thomas|Johnson|\
    Roberts|Robinson|Thompson|Wright|Walker|White|Edwards|Hughes|Green|Hall|Lewis|Harris|Clarke|\
    Patel|Jackson|Wood|Turner|Martin|Cooper|Hill|Ward|Morris|Moore|Clark|Lee|King|Baker|\
    Harrison|Morgan|Allen|James|Scott|Phillips|Watson|Davis|Parker|Price|Bennett|Young|\
    Griffiths|Mitchell|Kelly|Cook|Carter|Richardson|Bailey|Collins|Bell|Shaw|Murphy|Miller|Cox|\
    Richards|Khan|Marshall|Anderson|Simpson|Ellis|Adams|Singh|Wilkinson|Foster|Chapman|Powell|\
    Webb|Rogers|Gray|Mason|Hunt|Campbell|Matthews|Owen|Palmer|Holmes|Mills|Barnes|Knight|Lloyd|\
    Butler|Russell|Barker|Fisher|Stevens|Jenkins|Murray|Dixon|Harvey|Rossi|Ferrari|Bianchi|\
    Romano|Colombo|Mueller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Garcia|\
    Fernandez|Lopez|Martinez|Gonzalez|Rodriguez|Sanchez|Perez|Silva|Santos|Ferreira|Pereira|\
    Costa|Dubois|Durand|Lefebvre|Moreau|Laurent|Bernard|Petit|Jansen|de Jong|Bakker|Visser|\
    de Vries|van Dijk|Smit|Novak|Kowalski|Nagy|Horvat|Johnson|Wilson|Martinez|Robinson";

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One team: the name forms used in text and its home town.
struct Team {
    forms: Vec<String>,
    town: String,
}

/// A competition: sport label for headlines, its name, its teams.
struct League {
    sport: &'static str,
    name: &'static str,
    teams: Vec<Team>,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Football,
    Cricket,
    NorthAmerica,
}

fn leagues() -> Vec<League> {
    let mut out = Vec::new();
    for (name, list) in FOOTBALL {
        let teams = list
            .split('|')
            .map(|e| {
                let (names, town) = e.split_once('@').expect("club@town");
                Team {
                    forms: names.split('=').map(str::to_string).collect(),
                    town: town.to_string(),
                }
            })
            .collect();
        out.push(League {
            sport: "SOCCER",
            name,
            teams,
            kind: Kind::Football,
        });
    }
    out.push(League {
        sport: "CRICKET",
        name: "County Championship",
        teams: COUNTIES
            .split('|')
            .map(|e| {
                let (name, town) = e.split_once('@').expect("county@town");
                Team {
                    forms: vec![name.to_string()],
                    town: town.to_string(),
                }
            })
            .collect(),
        kind: Kind::Cricket,
    });
    for (sport, name, list) in NORTH_AMERICA {
        let teams = list
            .split('|')
            .map(|e| {
                let (city, nick) = e.split_once(':').expect("city:nickname");
                Team {
                    forms: vec![format!("{city} {nick}"), city.to_string(), nick.to_string()],
                    town: city.to_string(),
                }
            })
            .collect();
        out.push(League {
            sport,
            name,
            teams,
            kind: Kind::NorthAmerica,
        });
    }
    out
}

trait Draw {
    /// A number from `lo` to `hi` inclusive, as text.
    fn num(&mut self, lo: usize, hi: usize) -> String;
    fn word<'a>(&mut self, words: &[&'a str]) -> &'a str;
}

impl Draw for XorShift {
    fn num(&mut self, lo: usize, hi: usize) -> String {
        (lo + self.below(hi - lo + 1)).to_string()
    }
    fn word<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

struct Sent {
    toks: Vec<String>,
    tags: Vec<u8>,
}

const PER: u8 = 0;
const ORG: u8 = 1;
const LOC: u8 = 2;
const MISC: u8 = 3;

impl Sent {
    fn new() -> Sent {
        Sent {
            toks: Vec::new(),
            tags: Vec::new(),
        }
    }
    fn o(&mut self, words: &str) -> &mut Self {
        for w in words.split(' ').filter(|w| !w.is_empty()) {
            self.toks.push(w.to_string());
            self.tags.push(0);
        }
        self
    }
    /// Add a name with type index k (PER, ORG, LOC, MISC).
    fn ent(&mut self, name: &str, k: u8) -> &mut Self {
        for (i, w) in name.split(' ').enumerate() {
            self.toks.push(w.to_string());
            self.tags.push(if i == 0 { 1 + 2 * k } else { 2 + 2 * k });
        }
        self
    }
    fn upper(mut self) -> Sent {
        for t in &mut self.toks {
            *t = t.to_uppercase();
        }
        self
    }
}

/// Everything one document draws from.
struct Gen<'a> {
    r: XorShift,
    given: Vec<&'a str>,
    surnames: Vec<&'a str>,
}

impl Gen<'_> {
    /// A name form of a team: mostly a short form (club short name, city or
    /// nickname), in full one time in four. `forms[0]` is the full name.
    fn name<'t>(&mut self, t: &'t Team) -> &'t str {
        let n = t.forms.len();
        if n == 1 || self.r.below(4) == 0 {
            &t.forms[0]
        } else {
            &t.forms[1 + self.r.below(n - 1)]
        }
    }
    fn person(&mut self) -> String {
        let (g, s) = (self.r.word(&self.given), self.r.word(&self.surnames));
        match self.r.below(5) {
            0 => format!("{}. {s}", &g[..1]),
            _ => format!("{g} {s}"),
        }
    }
    fn surname(&mut self) -> &str {
        self.r.word(&self.surnames)
    }
    fn two<'t>(&mut self, l: &'t League) -> (&'t Team, &'t Team) {
        let a = self.r.below(l.teams.len());
        let b = (a + 1 + self.r.below(l.teams.len() - 1)) % l.teams.len();
        (&l.teams[a], &l.teams[b])
    }
    fn day(&mut self) -> &'static str {
        self.r.word(WEEKDAYS)
    }
}

/// Dateline in one of several wire styles: "LONDON 2019-05-12",
/// "LONDON , May 12 -", "Madrid , Sunday".
fn dateline(g: &mut Gen, town: &str) -> Sent {
    let mut d = Sent::new();
    match g.r.below(3) {
        0 => {
            d.ent(&town.to_uppercase(), LOC).o(&format!(
                "{}-{:02}-{:02}",
                g.r.num(1995, 2025),
                1 + g.r.below(12),
                1 + g.r.below(28)
            ));
        }
        1 => {
            let m = g.r.word(&MONTHS);
            let day = g.r.num(1, 28);
            d.ent(&town.to_uppercase(), LOC).o(",").o(m).o(&day).o("-");
        }
        _ => {
            let day = g.day();
            d.ent(town, LOC).o(",").o(day);
        }
    }
    d
}

/// A score line as result tables print it: "Arsenal 2 Chelsea 1".
fn score_line(g: &mut Gen, l: &League, max: usize) -> Sent {
    let (a, b) = g.two(l);
    let mut s = Sent::new();
    let (na, nb) = (g.name(a).to_string(), g.name(b).to_string());
    s.ent(&na, ORG)
        .o(&g.r.num(0, max))
        .ent(&nb, ORG)
        .o(&g.r.num(0, max));
    s
}

/// A sentence of a match report or brief.
fn report_sentence(g: &mut Gen, l: &League) -> Sent {
    let (a, b) = g.two(l);
    let (na, nb) = (g.name(a).to_string(), g.name(b).to_string());
    let p = g.person();
    let mut s = Sent::new();
    let cricket = l.kind == Kind::Cricket;
    match g.r.below(10) {
        0 => {
            let day = g.day();
            s.ent(&na, ORG).o("beat").ent(&nb, ORG);
            if cricket {
                s.o(&format!("by {} wickets", g.r.num(2, 9)));
            } else {
                s.o(&format!("{}-{}", g.r.num(1, 5), g.r.num(0, 1)));
            }
            s.o("on").o(day).o(".");
        }
        1 => {
            let score = g.r.num(0, 3);
            s.ent(&na, ORG)
                .o(&format!("drew {score}-{score} with"))
                .ent(&nb, ORG)
                .o("at")
                .ent(&b.town, LOC)
                .o(".");
        }
        2 => {
            s.ent(&p, PER)
                .o("scored twice as")
                .ent(&na, ORG)
                .o("won at");
            s.ent(&nb, ORG).o(".");
        }
        3 => {
            s.ent(&na, ORG)
                .o("coach")
                .ent(&p, PER)
                .o("said his side had played well against")
                .ent(&nb, ORG)
                .o(".");
        }
        4 => {
            let day = g.day();
            s.ent(&na, ORG)
                .o("striker")
                .ent(&p, PER)
                .o("will miss")
                .o(&format!("{day} 's game against"))
                .ent(&nb, ORG)
                .o("with a knee injury , the club said .");
        }
        5 => {
            let pts = g.r.num(1, 9);
            s.o("The win lifted")
                .ent(&na, ORG)
                .o(&format!("to the top of the table , {pts} points clear of"))
                .ent(&nb, ORG)
                .o(".");
        }
        6 => {
            let sur = g.surname().to_string();
            s.ent(&sur, PER).o("put").ent(&na, ORG).o("ahead after");
            s.o(&g.r.num(2, 80)).o("minutes before").ent(&nb, ORG);
            s.o("levelled .");
        }
        7 => {
            s.ent(&na, ORG)
                .o("have signed")
                .ent(&p, PER)
                .o("from")
                .ent(&nb, ORG);
            s.o("on a").o(&g.r.num(2, 5)).o("-year contract .");
        }
        8 => {
            s.ent(&na, ORG)
                .o("lost")
                .o(&format!("{}-{}", g.r.num(1, 4), g.r.num(0, 0)));
            s.o("at home to")
                .ent(&nb, ORG)
                .o("in the")
                .ent(l.name, MISC);
            s.o(".");
        }
        _ => {
            s.o("In").ent(&a.town, LOC).o(",").ent(&na, ORG);
            s.o("were held by").ent(&nb, ORG).o(".");
        }
    }
    s
}

/// A cricket scorecard line: "At Leeds : Yorkshire 350-6 ( J. Smith 120 ) ."
fn cricket_line(g: &mut Gen, l: &League) -> Sent {
    let (a, b) = g.two(l);
    let mut s = Sent::new();
    let (p, q) = (g.person(), g.person());
    s.o("At")
        .ent(&a.town, LOC)
        .o(":")
        .ent(&a.forms[0], ORG)
        .o(&format!("{}-{}", g.r.num(150, 450), g.r.num(2, 9)))
        .o("(")
        .ent(&p, PER)
        .o(&g.r.num(20, 150))
        .o(")")
        .o(".")
        .ent(&b.forms[0], ORG)
        .o(&g.r.num(90, 400))
        .o("(")
        .ent(&q, PER)
        .o(&format!("{}-{}", g.r.num(1, 7), g.r.num(20, 110)))
        .o(")")
        .o(".");
    s
}

/// A standings row: team then numbers.
fn standings_line(g: &mut Gen, l: &League) -> Sent {
    let t = &l.teams[g.r.below(l.teams.len())];
    let mut s = Sent::new();
    s.ent(g.name(t), ORG);
    let cols = if l.kind == Kind::NorthAmerica { 3 } else { 7 };
    for _ in 0..cols {
        let x = g.r.num(0, 60);
        s.o(&x);
    }
    s
}

/// Generate `n_docs` synthetic sports documents (deterministic for a seed).
pub fn sports_documents(n_docs: usize, seed: u64) -> Vec<Document> {
    let leagues = leagues();
    let mut g = Gen {
        r: XorShift::new(seed),
        given: GIVEN.split('|').collect(),
        surnames: SURNAMES.split('|').collect(),
    };
    let mut docs = Vec::with_capacity(n_docs);
    for _ in 0..n_docs {
        let l = &leagues[g.r.below(leagues.len())];
        let mut sents: Vec<Sent> = Vec::new();
        let (a, b) = g.two(l);
        let (na, nb) = (g.name(a).to_string(), g.name(b).to_string());
        // Headline, usually all caps.
        let mut h = Sent::new();
        h.o(l.sport).o("-");
        let kind = g.r.below(5);
        match kind {
            0 => h.ent(&na, ORG).o("BEAT").ent(&nb, ORG),
            1 => h.ent(&na, ORG).o("HOLD").ent(&nb, ORG).o("TO DRAW"),
            2 => h.ent(l.name, MISC).o("RESULTS"),
            3 => h.ent(&na, ORG).o("GO TOP"),
            _ => h.o("RESULTS"),
        };
        sents.push(if g.r.below(4) == 0 { h } else { h.upper() });
        let d = dateline(&mut g, &a.town);
        sents.push(d);
        let n = 4 + g.r.below(10);
        let table = kind >= 2;
        if table {
            let mut s = Sent::new();
            let day = g.day();
            s.o("Results of")
                .ent(l.name, MISC)
                .o("games on")
                .o(day)
                .o(":");
            sents.push(s);
        }
        for k in 0..n {
            let s = match (l.kind, table) {
                (Kind::Cricket, true) => cricket_line(&mut g, l),
                (Kind::NorthAmerica, true) if g.r.below(3) == 0 => {
                    // "CHICAGO AT NEW YORK" fixture lines.
                    let (x, y) = g.two(l);
                    let mut s = Sent::new();
                    s.ent(&x.forms[1], ORG).o("at").ent(&y.forms[1], ORG);
                    s.upper()
                }
                (_, true) if k > n / 2 => standings_line(&mut g, l),
                (Kind::NorthAmerica, true) => score_line(&mut g, l, 12),
                (_, true) => score_line(&mut g, l, 5),
                (_, false) => report_sentence(&mut g, l),
            };
            sents.push(s);
        }
        docs.push(Document {
            tags: sents.iter().map(|s| s.tags.clone()).collect(),
            sentences: sents.into_iter().map(|s| s.toks).collect(),
        });
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_are_complete() {
        let ls = leagues();
        let size = |name: &str| ls.iter().find(|l| l.name == name).unwrap().teams.len();
        // Club counts of the 2024-25 top divisions: a list that lost or
        // gained a club is no longer the enumeration the comment promises.
        assert_eq!(size("Premier League"), 20);
        assert_eq!(size("Championship"), 24);
        assert_eq!(size("Scottish Premiership"), 12);
        assert_eq!(size("La Liga"), 20);
        assert_eq!(size("Serie A"), 20);
        assert_eq!(size("Bundesliga"), 18);
        assert_eq!(size("Ligue 1"), 18);
        assert_eq!(size("Eredivisie"), 18);
        assert_eq!(size("County Championship"), 18);
        assert_eq!(size("Major League Baseball"), 30);
        assert_eq!(size("NBA"), 30);
        assert_eq!(size("NFL"), 32);
        assert_eq!(size("NHL"), 32);
    }

    #[test]
    fn documents_are_deterministic_and_well_formed() {
        let a = sports_documents(50, 3);
        let b = sports_documents(50, 3);
        assert_eq!(a.len(), 50);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.sentences, y.sentences);
            assert_eq!(x.tags, y.tags);
            for (s, t) in x.sentences.iter().zip(&x.tags) {
                assert_eq!(s.len(), t.len());
                assert!(s.iter().all(|w| !w.is_empty() && !w.contains(' ')));
                // IOB2: an I- tag continues a span of its own type.
                for i in 0..t.len() {
                    if t[i] != 0 && t[i] % 2 == 0 {
                        assert!(i > 0 && (t[i - 1] == t[i] || t[i - 1] == t[i] - 1));
                    }
                }
            }
        }
        // Teams are tagged ORG in score lines: "Leeds" must occur as a team.
        let org_b = 1 + 2 * ORG;
        let leeds_org = sports_documents(400, 5).iter().any(|d| {
            d.sentences
                .iter()
                .zip(&d.tags)
                .any(|(s, t)| s.iter().zip(t).any(|(w, &k)| w == "Leeds" && k == org_b))
        });
        assert!(leeds_org);
    }
}

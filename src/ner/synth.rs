//! Synthetic sports-results training text, generated from templates and
//! hand-written team lists (no corpus text). News wires carry many result
//! tables and sports briefs where a place name is a team ("Surrey beat
//! Kent", "CHICAGO AT NEW YORK"); the permissively licensed corpora have
//! almost none, so without this the tagger calls every such team a place.
//! Conventions follow CoNLL: teams are ORG, venues and datelines LOC.

use super::train::Document;

const CLUBS: &str = "Surrey|Kent|Essex|Sussex|Middlesex|Yorkshire|Lancashire|Durham|Derbyshire|Leicestershire|Warwickshire|Worcestershire|Nottinghamshire|Northamptonshire|Gloucestershire|Somerset|Hampshire|Glamorgan|New York|Boston|Baltimore|Toronto|Detroit|Cleveland|Chicago|Kansas City|Minnesota|Milwaukee|Texas|Seattle|Oakland|California|Atlanta|Florida|Montreal|Philadelphia|Pittsburgh|St Louis|Houston|Cincinnati|Colorado|San Diego|Los Angeles|San Francisco|Arsenal|Chelsea|Liverpool|Everton|Tottenham|Newcastle|Leeds|Southampton|Aston Villa|Manchester United|Manchester City|Sheffield Wednesday|Middlesbrough|Derby|Coventry|Wimbledon|West Ham|Nottingham Forest|Blackburn|Sunderland|Leicester|Celtic|Rangers|Aberdeen|Hearts|Hibernian|Dundee United|Motherwell|Kilmarnock|Ajax|PSV Eindhoven|Feyenoord|Utrecht|Bayern Munich|Borussia Dortmund|Schalke|Hamburg|Werder Bremen|Bayer Leverkusen|Stuttgart|Cologne|Juventus|Inter Milan|AC Milan|Lazio|Roma|Napoli|Parma|Fiorentina|Sampdoria|Udinese|Real Madrid|Barcelona|Atletico Madrid|Valencia|Deportivo Coruna|Sevilla|Real Betis|Athletic Bilbao|Benfica|Porto|Sporting Lisbon|Boavista|Paris St Germain|Marseille|Monaco|Auxerre|Nantes|Lens|Bordeaux|Metz|Anderlecht|Club Brugge|Standard Liege|Galatasaray|Fenerbahce|Besiktas|Dynamo Kiev|Spartak Moscow|Lokomotiv Moscow|Red Star Belgrade|Partizan|Steaua Bucharest|Rapid Vienna|Sparta Prague|Slavia Prague|Ferencvaros|Legia Warsaw|Widzew Lodz|Olympiakos|Panathinaikos|AEK Athens|Maccabi Tel Aviv|Brondby|Rosenborg|IFK Gothenburg|Grasshoppers|Sion|Lyon|Toulouse|Bastia|Guingamp|Ipswich|Norwich|Portsmouth|Reading|Wolverhampton|Bolton|Charlton|Crystal Palace|Stoke|Oxford United|Bradford|Hull|Port Vale|Swindon|Tranmere|Huddersfield|Grimsby|Barnsley|Birmingham|Queens Park Rangers|Bristol City|Millwall|Brentford|Wrexham|Cardiff|Swansea|Canterbury|Auckland|Otago|Waikato|Natal|Transvaal|Western Province|Queensland|New South Wales|Victoria|Tasmania|Eagles|Lions|Tigers|Bears|Giants|Dolphins|Jets|Packers|Cowboys|Yankees|Red Sox|Orioles|Blue Jays|Mariners|Dodgers|Braves|Cubs|Mets|Bulls|Lakers|Celtics|Knicks|Rockets|Sonics|Jazz|Suns|Magic|Heat|Pistons";

const VENUES: &str = "London|Leeds|Manchester|Birmingham|Leicester|Chelmsford|Hove|Taunton|Cardiff|Swansea|Nottingham|Northampton|Bristol|Southampton|Canterbury|Worcester|Derby|Chester-le-Street|Scarborough|Colwyn Bay|Lord's|The Oval|Edgbaston|Headingley|Old Trafford|Trent Bridge|Wembley|Paris|Madrid|Rome|Milan|Munich|Berlin|Amsterdam|Rotterdam|Lisbon|Vienna|Prague|Warsaw|Moscow|Glasgow|Edinburgh|Dublin|Brussels|Zurich|Geneva|Stockholm|Oslo|Copenhagen|Helsinki|Athens|Istanbul|Bucharest|Budapest|Belgrade|Sydney|Melbourne|Adelaide|Perth|Brisbane|Colombo|Karachi|Lahore|Bombay|Calcutta|Madras|Delhi|Johannesburg|Cape Town|Durban|Harare|Auckland|Wellington|Christchurch|Kingston|Bridgetown|New York|Chicago|Toronto|Los Angeles|Boston|Denver|Miami|Tokyo|Seoul|Beijing|Jakarta|Kuala Lumpur|Singapore|Bangkok|Buenos Aires|Rio de Janeiro|Sao Paulo|Santiago|Lima|Bogota|Mexico City|Montevideo";

const GIVEN: &str = "John|Mark|Paul|Peter|David|Steve|Mike|Chris|Graham|Alan|Ian|Nasser|Wasim|Sanath|Brian|Shane|Glenn|Andy|Dean|Darren|Ryan|Roberto|Marco|Luis|Juan|Carlos|Jurgen|Oliver|Thomas|Lars|Henrik|Dennis|Gianfranco|Ruud|Alessandro|Patrick|Fabrizio|Ravi|Sachin|Anil|Curtly|Courtney|Brian|Carl|Jose|Ken|Greg|Frank|Tony|Gary|Matt|Jason|Kevin|Craig|Phil|Ali|Hakan|Oleg|Andrei|Sergei|Pavel|Jan|Tomas|Ferenc|Zoltan";

const SURNAMES: &str = "Smith|Jones|Williams|Brown|Taylor|Davies|Evans|Wilson|Thomas|Johnson|Roberts|Robinson|Thompson|Wright|Walker|White|Edwards|Hughes|Green|Hall|Lewis|Harris|Clarke|Patel|Jackson|Wood|Turner|Martin|Cooper|Hill|Ward|Morris|Moore|Clark|Lee|King|Baker|Harrison|Morgan|Allen|James|Scott|Phillips|Watson|Davis|Parker|Price|Bennett|Young|Griffiths|Mitchell|Kelly|Cook|Carter|Richardson|Bailey|Collins|Bell|Shaw|Murphy|Miller|Cox|Richards|Khan|Marshall|Anderson|Simpson|Ellis|Adams|Singh|Begum|Wilkinson|Foster|Chapman|Powell|Webb|Rogers|Gray|Mason|Ali|Hunt|Hussain|Campbell|Matthews|Owen|Palmer|Holmes|Mills|Barnes|Knight|Lloyd|Butler|Russell|Barker|Fisher|Stevens|Jenkins|Murray|Dixon|Harvey|Rossi|Ferrari|Bianchi|Mueller|Schmidt|Schneider|Fischer|Weber|Garcia|Fernandez|Lopez|Martinez|Gonzalez|Rodriguez|Silva|Santos|Ferreira|Pereira|Costa|Dubois|Durand|Lefebvre|Moreau|Laurent|Jansen|de Jong|Bakker|Visser|Ivanov|Petrov|Novak|Kowalski|Nagy|Horvat|Akram|Younis|Tendulkar|Kumble|Ambrose|Walsh|Warne|McGrath|Donald|Pollock|Hick|Atherton|Gough|Cork|Lara|Ranatunga|Jayasuriya";

use crate::rng::XorShift;

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
    /// Add a name with type index k (0 PER, 1 ORG, 2 LOC, 3 MISC).
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

/// Generate `n_docs` synthetic sports documents (deterministic for a seed).
pub fn sports_documents(n_docs: usize, seed: u64) -> Vec<Document> {
    let clubs: Vec<&str> = CLUBS.split('|').collect();
    let venues: Vec<&str> = VENUES.split('|').collect();
    let given: Vec<&str> = GIVEN.split('|').collect();
    let surnames: Vec<&str> = SURNAMES.split('|').collect();
    let sports = [
        "SOCCER",
        "CRICKET",
        "BASEBALL",
        "RUGBY UNION",
        "BASKETBALL",
        "ICE HOCKEY",
        "RUGBY LEAGUE",
    ];
    let mut r = XorShift::new(seed);
    let mut docs = Vec::with_capacity(n_docs);
    for _ in 0..n_docs {
        let mut sents: Vec<Sent> = Vec::new();
        let sport = sports[r.below(sports.len())];
        let (a, b) = (r.word(&clubs), r.word(&clubs));
        // Headline, usually all caps.
        let mut h = Sent::new();
        h.o(sport).o("-");
        match r.below(4) {
            0 => h.ent(a, 1).o("BEAT").ent(b, 1),
            1 => h.ent(a, 1).o("HOLD").ent(b, 1).o("TO DRAW"),
            2 => h.o("RESULTS"),
            _ => h.ent(a, 1).o("TAKE OVER AT TOP"),
        };
        sents.push(h.upper());
        // Dateline.
        let mut d = Sent::new();
        d.ent(r.word(&venues), 2)
            .o(&format!("1996-0{}-{}", r.num(1, 9), r.num(10, 28)));
        sents.push(if r.below(2) == 0 { d.upper() } else { d });
        let n = 4 + r.below(10);
        for _ in 0..n {
            let (a, b) = (r.word(&clubs), r.word(&clubs));
            let person = format!("{} {}", r.word(&given), r.word(&surnames));
            let sur = r.word(&surnames);
            let mut s = Sent::new();
            match r.below(9) {
                0 => {
                    s.ent(a, 1).o(&r.num(0, 5)).ent(b, 1).o(&r.num(0, 5));
                }
                1 => {
                    s.ent(a, 1);
                    for _ in 0..7 {
                        let x = r.num(0, 30);
                        s.o(&x);
                    }
                }
                2 => {
                    s.o("At")
                        .ent(r.word(&venues), 2)
                        .o(":")
                        .ent(a, 1)
                        .o(&format!("{}-{}", r.num(150, 450), r.num(2, 9)))
                        .o("(")
                        .ent(&person, 0)
                        .o(&r.num(20, 150))
                        .o(")")
                        .o(".")
                        .ent(b, 1)
                        .o(&r.num(90, 400))
                        .o(".");
                }
                3 => {
                    s.ent(a, 1)
                        .o("beat")
                        .ent(b, 1)
                        .o(&format!("{}-{}", r.num(1, 5), r.num(0, 3)))
                        .o("on")
                        .o(["Saturday", "Sunday", "Wednesday"][r.below(3)])
                        .o(".");
                }
                4 => {
                    s.ent(&person, 0)
                        .o("scored twice as")
                        .ent(a, 1)
                        .o("won at")
                        .ent(b, 1)
                        .o(".");
                }
                5 => {
                    let s2 = s.ent(a, 1).o("AT").ent(b, 1);
                    let _ = s2;
                    s = s.upper();
                }
                6 => {
                    s.o("Scorers :")
                        .ent(sur, 0)
                        .o(&format!("{} ,", r.num(1, 89)))
                        .ent(r.word(&surnames), 0)
                        .o(&r.num(1, 89));
                }
                7 => {
                    s.ent(a, 1)
                        .o("manager")
                        .ent(&person, 0)
                        .o("said his side had played well against")
                        .ent(b, 1)
                        .o(".");
                }
                _ => {
                    s.ent(a, 1)
                        .o(&r.num(1, 9))
                        .o("Innings")
                        .o("-")
                        .ent(b, 1)
                        .o(&format!("{} ( {} )", r.num(1, 9), r.num(0, 9)));
                }
            }
            sents.push(s);
        }
        docs.push(Document {
            tags: sents.iter().map(|s| s.tags.clone()).collect(),
            sentences: sents.into_iter().map(|s| s.toks).collect(),
        });
    }
    docs
}

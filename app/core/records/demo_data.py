"""Invented people and visits for the demo vault. No real patient data; names are common
given and family names from many cultures, combined at random, with their accents."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    cities: tuple[str, ...]
    country: str
    phone: str


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


CULTURES: tuple[Culture, ...] = (
    Culture(_t("Olivia|Amelia|Isla|Emily|Grace|Sophie|Charlotte|Ruth|Hannah|Megan"),
            _t("Oliver|George|Harry|Jack|Thomas|James|William|Daniel|Samuel|Owen"),
            _t("Smith|Jones|Taylor|Brown|Williams|Wilson|Evans|Hughes|Walker|Clarke"),
            _t("Leeds|Bristol|York|Norwich|Cardiff|Exeter"), "GB", "+44 7700 9"),
    Culture(_t("Aoife|Siobhán|Niamh|Caoimhe|Sinéad|Róisín|Orla|Máire"),
            _t("Seán|Pádraig|Cian|Oisín|Eoin|Ciarán|Darragh|Tadhg"),
            _t("O'Brien|Ó Súilleabháin|Murphy|Kelly|O'Connor|Mac Giolla|Byrne|Ní Bhriain"),
            _t("Cork|Galway|Limerick|Sligo"), "IE", "+353 85 9"),
    Culture(_t("María|Lucía|Sofía|Inés|Begoña|Nuria|Pilar|Ainhoa|Itziar|Rocío"),
            _t("José|Jesús|Álvaro|Íñigo|Rubén|Martín|Joaquín|Sergio|Óscar|Andrés"),
            _t("García|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Muñoz|Ibáñez|Núñez"),
            _t("Sevilla|Málaga|Bilbao|Córdoba|Zaragoza|León"), "ES", "+34 600 9"),
    Culture(_t("Joana|Beatriz|Conceição|Inês|Leonor|Mariana|Gabriela|Letícia"),
            _t("João|Tomás|Gonçalo|Sebastião|Vinícius|Luís|André|Simão"),
            _t("Gonçalves|Magalhães|Araújo|Conceição|Simões|Brandão|Loureiro|Falcão"),
            _t("Porto|Braga|Coimbra|Évora|Recife|Belém"), "PT", "+351 91 9"),
    Culture(_t("Chloé|Léa|Zoé|Maëlle|Hélène|Océane|Anaïs|Noémie|Élodie|Margaux"),
            _t("Théo|Raphaël|Loïc|Noël|Jérôme|Benoît|François|Gaëtan|Mathéo|Clément"),
            _t("Lefèvre|Dubois|Moreau|Girard|Févre|Rousseau|Mercier|Bérenger|Lemaître"),
            _t("Besançon|Orléans|Nîmes|Angoulême|Périgueux|Montréal"), "FR", "+33 6 99"),
    Culture(_t("Jutta|Lena|Jana|Grete|Lotte|Käthe|Annegret|Sophie|Mia|Jördis"),
            _t("Lukas|Jörg|Björn|Günther|Jürgen|Matthias|Sören|Felix|Moritz|Uwe"),
            _t("Müller|Schäfer|Schröder|Groß|Weiß|Köhler|Bäcker|Krüger|Fuß|Böhm"),
            _t("Köln|München|Lübeck|Göttingen|Düsseldorf|Zürich"), "DE", "+49 151 9"),
    Culture(_t("Zofia|Małgorzata|Agnieszka|Katarzyna|Joanna|Jadwiga|Bożena|Łucja"),
            _t("Łukasz|Paweł|Wojciech|Michał|Mikołaj|Grzegorz|Jędrzej|Bartłomiej"),
            _t("Wiśniewski|Wójcik|Kowalczyk|Dąbrowski|Zieliński|Szymański|Woźniak|Łącki"),
            _t("Kraków|Łódź|Wrocław|Gdańsk|Poznań|Toruń"), "PL", "+48 600 9"),
    Culture(_t("Tereza|Kateřina|Zuzana|Lucie|Šárka|Věra|Markéta|Růžena"),
            _t("Jiří|Tomáš|Lukáš|Ondřej|Vojtěch|Miroslav|Radek|Přemysl"),
            _t("Novák|Dvořák|Černý|Procházka|Kučera|Veselý|Růžička|Šťastný"),
            _t("Brno|Plzeň|Olomouc|České Budějovice"), "CZ", "+420 60 9"),
    Culture(_t("Ayşe|Elif|Zeynep|Şule|Gül|Özlem|Büşra|Çiğdem"),
            _t("Mehmet|Mustafa|Emre|Ömer|Yiğit|Barış|Çağlar|İsmail"),
            _t("Yılmaz|Kaya|Demir|Şahin|Çelik|Öztürk|Aydın|Doğan"),
            _t("İzmir|Bursa|Eskişehir|Muğla"), "TR", "+90 530 9"),
    Culture(_t("Thị Lan|Thảo|Hương|Ngọc|Phương|Trang|Hằng|Linh"),
            _t("Minh|Dũng|Tuấn|Hùng|Quang|Đức|Thắng|Phúc"),
            _t("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Võ|Đặng"),
            _t("Hà Nội|Huế|Đà Nẵng|Cần Thơ"), "VN", "+84 90 9"),
    Culture(_t("Li Na|Xiaoling|Mei|Jing|Yan|Lǚ Wen|Fang|Hui"),
            _t("Wei|Jun|Hao|Lei|Zhang Wei|Yong|Qiang|Bo"),
            _t("Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhào|Lǚ"),
            _t("Chengdu|Wuhan|Xi'an|Hangzhou"), "CN", "+86 139 9"),
    Culture(_t("Yūko|Haruka|Akiko|Sakura|Yōko|Misaki|Emi|Aoi"),
            _t("Hiroshi|Takashi|Shōta|Kenji|Yūta|Daisuke|Ryō|Kōji"),
            _t("Satō|Suzuki|Takahashi|Tanaka|Itō|Watanabe|Katō|Saitō"),
            _t("Sapporo|Kōbe|Sendai|Nagoya"), "JP", "+81 90 9"),
    Culture(_t("Ji-woo|Seo-yeon|Min-ji|Hye-jin|Eun-ji|Su-bin"),
            _t("Min-jun|Seo-jun|Ji-hoon|Hyun-woo|Dong-hyun|Jae-won"),
            _t("Kim|Lee|Park|Choi|Jeong|Kang|Cho|Yoon"),
            _t("Busan|Daegu|Incheon|Gwangju"), "KR", "+82 10 9"),
    Culture(_t("Priya|Ananya|Lakshmi|Deepika|Kavya|Aishwarya|Sunita|Meera"),
            _t("Arjun|Rahul|Vikram|Sanjay|Rohan|Aditya|Karthik|Suresh"),
            _t("Sharma|Patel|Iyer|Reddy|Nair|Gupta|Chatterjee|Singh"),
            _t("Pune|Chennai|Kochi|Jaipur"), "IN", "+91 98 9"),
    Culture(_t("Fatima|Aisha|Layla|Mariam|Noor|Yasmin|Huda|Rania"),
            _t("Mohammed|Ahmed|Omar|Youssef|Khalid|Hassan|Tariq|Karim"),
            _t("Al-Sayed|Haddad|Mansour|Khalil|Nasser|Saleh|El-Amin|Barakat"),
            _t("Amman|Beirut|Tunis|Casablanca"), "JO", "+962 79 9"),
    Culture(_t("Chiamaka|Adaeze|Ngozi|Folake|Yewande|Oluwaseun|Ifeoma|Temitope"),
            _t("Chinedu|Emeka|Oluwadamilare|Babatunde|Tunde|Ikechukwu|Femi|Obinna"),
            _t("Okafor|Adeyemi|Okonkwo|Balogun|Eze|Adebayo|Nwosu|Ogunleye"),
            _t("Lagos|Ibadan|Enugu|Abuja"), "NG", "+234 803 9"),
    Culture(_t("Eleni|Dimitra|Konstantína|Aikateríni|Sofía|Georgía"),
            _t("Giórgos|Dimítris|Nikólaos|Kóstas|Yiánnis|Panagiótis"),
            _t("Papadopoulos|Papadákis|Georgíou|Nikolaídis|Oikonómou|Karagiánnis"),
            _t("Thessaloníki|Pátra|Irákleio|Lárisa"), "GR", "+30 69 9"),
    Culture(_t("Åsa|Sofie|Ingrid|Astrid|Maja|Linnéa|Sigrid|Frøydis"),
            _t("Søren|Anders|Björn|Håkan|Øystein|Mats|Jens|Åke"),
            _t("Andersson|Johansson|Ødegård|Sørensen|Lindqvist|Bjørnstad|Håkansson"),
            _t("Göteborg|Malmö|Århus|Tromsø|Uppsala"), "SE", "+46 70 9"),
    Culture(_t("Zsófia|Réka|Ágnes|Katalin|Erzsébet|Tünde"),
            _t("Bence|Máté|Ádám|Gergő|Zoltán|Dénes"),
            _t("Nagy|Kovács|Tóth|Szabó|Horváth|Varga|Kiss|Molnár"),
            _t("Debrecen|Szeged|Pécs|Győr"), "HU", "+36 30 9"),
    Culture(_t("Þórunn|Guðrún|Sigríður|Hrafnhildur|Ásdís"),
            _t("Þór|Guðmundur|Sigurður|Ólafur|Halldór"),
            _t("Jónsdóttir|Guðmundsson|Þórsdóttir|Sigurðsson|Ólafsdóttir"),
            _t("Akureyri|Reykjavík|Ísafjörður"), "IS", "+354 69 9"),
    Culture(_t("Giulia|Chiara|Francesca|Noemi|Beatrice|Ilaria"),
            _t("Niccolò|Lorenzo|Mattia|Nicolò|Andrea|Pietro"),
            _t("Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|De Luca|D'Angelo"),
            _t("Bologna|Torino|Perugia|Cagliari"), "IT", "+39 320 9"),
)

STREETS = _t("High Street|Main Street|Station Road|Church Lane|Mill Road|Park Avenue|"
             "Hauptstraße|Calle Mayor|Rue de la Paix|ulica Długa|Rua Augusta|Via Roma")
GENDERS = _t("woman|man|non-binary|woman|man")

# Who a patient names as emergency contact, by the patient's age: a child names a parent,
# and only a patient old enough to have grown-up children names a daughter or son.
# (youngest, oldest, relationships)
CONTACTS: tuple[tuple[int, int, tuple[str, ...]], ...] = (
    (0, 17, _t("mother|father")),
    (18, 29, _t("mother|father|partner|sister|brother|friend")),
    (30, 54, _t("spouse|partner|mother|father|sister|brother|friend")),
    (55, 74, _t("spouse|partner|daughter|son|sister|brother|friend")),
    (75, 200, _t("spouse|daughter|son|friend")),
)
FEMALE_RELATIONS = frozenset({"mother", "daughter", "sister"})
MALE_RELATIONS = frozenset({"father", "son", "brother"})


@dataclass(frozen=True)
class Drug:
    """A medication as the demo prescribes it. `drug_class` is the class in
    app/core/data/drug_classes.json it belongs to (None for none of them), so the demo never
    prescribes what the patient's own allergies warn against."""

    rxnorm: str
    name: str
    dosage: str
    drug_class: str | None = None


@dataclass(frozen=True)
class Visit:
    """A visit reason with the parts of a SOAP note; {placeholders} are filled per visit
    ({medication} is the patient's own drug for the condition reviewed). `labs` are the
    results taken at the visit, which is what its plan says."""

    title: str
    subjective: str
    objective: str
    assessment: str
    plan: str
    labs: tuple[str, ...] = ()
    min_age: int = 0
    max_age: int = 200


@dataclass(frozen=True)
class Condition:
    snomed: str
    icd10: str
    name: str
    min_age: int
    drug: Drug | None
    review: Visit
    # Given instead of `drug` when the patient is allergic to its class, or when it would
    # clash with another of their medications (an NSAID beside warfarin).
    alternative: Drug | None = None


PARACETAMOL = Drug("161", "Acetaminophen (paracetamol)", "1 g up to four times daily")

CONDITIONS: tuple[Condition, ...] = (
    Condition("38341003", "I10", "Essential hypertension", 35,
              Drug("29046", "Lisinopril", "10 mg once daily", "ace-inhibitors"),
              Visit("Blood pressure review", "Feels well; taking {medication} regularly, no "
                    "headaches.", "BP {sys}/{dia} mmHg, pulse {hr}/min, weight {weight} kg.",
                    "Hypertension, {control}.", "Continue {medication}; kidney function "
                    "and salts today; recheck in three months.",
                    ("creatinine", "potassium", "sodium"))),
    Condition("44054006", "E11.9", "Type 2 diabetes mellitus", 35,
              Drug("6809", "Metformin", "500 mg twice daily"),
              Visit("Diabetes review", "No hypoglycaemia; diet mostly as advised, walks "
                    "most days.", "Weight {weight} kg, BP {sys}/{dia}. Feet: pulses present, "
                    "sensation intact.", "Type 2 diabetes, {control}.",
                    "HbA1c, glucose and lipids today; continue {medication}.",
                    ("hba1c", "glucose", "cholesterol", "ldl", "hdl"))),
    Condition("195967001", "J45.909", "Asthma", 3,
              Drug("435", "Albuterol (salbutamol) inhaler", "2 puffs as needed"),
              Visit("Asthma review", "Using {medication} {days} times a week, woken at night "
                    "once.", "Chest: {chest}. SpO2 {spo2}%.", "Asthma, partly controlled.",
                    "Check inhaler technique; continue {medication}; consider a preventer.")),
    Condition("55822004", "E78.5", "Hyperlipidemia", 35,
              Drug("83367", "Atorvastatin", "20 mg at night"),
              Visit("Cholesterol review", "No muscle aches on {medication}.",
                    "Weight {weight} kg, BP {sys}/{dia}.", "Hyperlipidaemia, {control}.",
                    "Lipids today; continue {medication}.", ("cholesterol", "ldl", "hdl"))),
    Condition("40930008", "E03.9", "Hypothyroidism", 20,
              Drug("10582", "Levothyroxine", "50 mcg each morning"),
              Visit("Thyroid review", "Energy better since starting {medication}.",
                    "Pulse {hr}/min, weight {weight} kg.", "Hypothyroidism, {control}.",
                    "TSH today; continue {medication}.", ("tsh",))),
    Condition("35489007", "F32.9", "Depressive disorder", 16,
              Drug("36437", "Sertraline", "50 mg once daily"),
              Visit("Mood review", "Mood lifting on {medication}; sleeping better.",
                    "Good eye contact, no thoughts of self-harm. Pulse {hr}/min.",
                    "Depression, improving.", "Continue {medication}; review in six weeks.")),
    Condition("235595009", "K21.9", "Gastro-oesophageal reflux disease", 25,
              Drug("7646", "Omeprazole", "20 mg once daily"),
              Visit("Reflux review", "Heartburn settled on {medication}.",
                    "Abdomen soft, non-tender. Weight {weight} kg.", "Reflux, controlled.",
                    "Try {medication} as needed only; review if symptoms return.")),
    Condition("49436004", "I48.91", "Atrial fibrillation", 55,
              Drug("11289", "Warfarin", "as per INR"),
              Visit("Atrial fibrillation review", "No palpitations; no bleeding or bruising "
                    "on {medication}.", "Pulse {hr}/min, irregularly irregular. "
                    "BP {sys}/{dia}.", "Atrial fibrillation, rate controlled.",
                    "Continue {medication}; blood count and kidney function today; INR at "
                    "the anticoagulation clinic.", ("hemoglobin", "creatinine"))),
    Condition("37796009", "G43.909", "Migraine", 10, None,
              Visit("Headache", "Recurrent headaches, {days} in the past month, with light "
                    "sensitivity.", "Neurological exam normal. BP {sys}/{dia}.",
                    "Migraine without aura.", "Headache diary; trial of a triptan; review "
                    "in six weeks.")),
    Condition("396275006", "M19.90", "Osteoarthritis", 45,
              Drug("5640", "Ibuprofen", "400 mg as needed", "nsaids"),
              Visit("Knee pain", "Left knee pain on stairs for {days} weeks.",
                    "Crepitus, no effusion, full range of movement.",
                    "Osteoarthritis of the knee.", "Weight-bearing exercise, physiotherapy; "
                    "{medication} when needed."),
              alternative=PARACETAMOL),
)

# (name, category, SNOMED substance or None, reaction name, reaction SNOMED, severity,
#  the drug class it warns against or None)
ALLERGIES = (
    ("Penicillin", "medication", None, "Urticaria", "126485001", "moderate", "penicillins"),
    ("Peanut", "food", "256349002", "Anaphylaxis", "39579001", "severe", None),
    ("Aspirin", "medication", None, "Wheezing", "56018004", "moderate", "nsaids"),
    ("Latex", "environment", None, "Skin eruption", "271807003", "mild", None),
    ("Codeine", "medication", None, "Nausea", "422587007", "mild", "opioids"),
    ("Shellfish", "food", None, "Angioedema", "41291007", "severe", None),
)

# Medications that must not be combined with a class: an NSAID beside an anticoagulant.
CLASHES = {"Warfarin": "nsaids"}

# (CVX code, name)
VACCINES = (("141", "Influenza, seasonal, injectable"), ("115", "Tdap"),
            ("133", "Pneumococcal conjugate PCV 13"), ("43", "Hepatitis B, adult"),
            ("03", "MMR"))

# Visits anyone of the right age may come for, whatever their long-term conditions.
VISITS: tuple[Visit, ...] = (
    Visit("Cough", "{days} days of cough with {sputum} sputum; {fever}.",
          "Chest: {chest}. Temp {temp} °C, SpO2 {spo2}%.",
          "Acute bronchitis, likely viral.", "Fluids and rest; return if breathless or fever "
          "persists beyond a week."),
    Visit("Sore throat", "Sore throat for {days} days, {fever}.",
          "Tonsils enlarged, no exudate. Temp {temp} °C.", "Viral pharyngitis.",
          "Salt-water gargles, paracetamol; no antibiotics needed."),
    Visit("Rash", "Itchy rash on forearms for {days} days; new washing powder.",
          "Erythematous patches, no blistering.", "Contact dermatitis.",
          "Avoid the trigger; emollients; mild topical steroid for a week."),
    Visit("Low back pain", "Back pain for {days} days after lifting; no leg weakness or "
          "numbness.", "Paraspinal tenderness, straight-leg raise negative.",
          "Mechanical low back pain.", "Keep active, simple analgesia, physiotherapy referral.",
          min_age=18),
    Visit("Urinary symptoms", "Burning on passing urine and frequency for {days} days.",
          "Afebrile, no loin tenderness. Urine dip: leucocytes and nitrites positive.",
          "Uncomplicated urinary tract infection.", "Three-day course of an antibiotic the "
          "patient is not allergic to; fluids.", min_age=16),
    Visit("Anxiety", "Poor sleep and worry about work for several weeks.",
          "Alert, good rapport, no thoughts of self-harm. Pulse {hr}/min.",
          "Generalised anxiety.", "Talking therapy referral; sleep hygiene; review in a "
          "month.", min_age=18),
    Visit("Annual check", "No concerns today.",
          "BP {sys}/{dia}, pulse {hr}, weight {weight} kg, temp {temp} °C.",
          "Well adult check.", "Routine bloods today; flu vaccine offered.",
          ("creatinine", "hemoglobin", "potassium", "sodium", "tsh"), min_age=18),
    Visit("Child health check", "Eating and sleeping well; no concerns from the parents.",
          "Weight {weight} kg, temp {temp} °C. Growing along their centile.",
          "Well child check.", "Immunisations up to date; next check in a year.",
          max_age=17),
)

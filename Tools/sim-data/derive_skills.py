#!/usr/bin/env python3
"""Derive Sources/MatchSim/Resources/occupation_skills.csv from ESCO v1.1.1.

Documentation of how the table was made; the Swift build never runs this.

Usage (from the repository root, with the shared data folder beside it):

    python3 Tools/sim-data/derive_skills.py ../shared/data/esco-v1.1.1 \\
        Sources/MatchSim/Resources/occupations.csv \\
        > Sources/MatchSim/Resources/occupation_skills.csv

Options:
    --labels FILE   Thai labels, CSV `skill_id,label_th` (default: skill_labels_th.csv
                    beside this script). Every selected skill must have one.
    --missing       Instead of the table, print `skill_id,label_en` of the selected
                    skills that have no Thai label yet (to extend the labels file).
    --explain ISCO  Print the ranked candidate list of one group (to stderr) and exit.

Method, for each 4-digit ISCO-08 unit group in occupations.csv:
  1. Take the ESCO occupations whose isco_code is that group (n of them).
  2. For every skill those occupations list, score = 2 x (occupations listing it as
     essential) + 1 x (occupations listing it as optional).
  3. Candidates: drop skills whose reuse_level is "transversal", whose skill_type is neither
     "skill/competence" nor "knowledge", whose preferred label is longer than 40 characters,
     or that are in GENERIC (cross-sector skills listed by 150-350 ESCO occupations, or vague,
     that do not tell one occupation from another). Rank the rest by score (high first), then
     specificity (fewer ESCO occupations overall listing the skill first), then label.
     `--explain ISCO` prints this ranking.
  4. Keep the group's PIN skills, then fill up to K_ESCO (default 10) from the ranking.
     PIN is the project's choice, per group, among the skills ESCO links to the group (the
     script stops if a pinned skill is not linked): the plain counting of step 3 is dominated
     by ties (groups with one or two ESCO occupations) and by niche occupations in large groups
     (vineyard work under fruit growers, leather and footwear under manufacturing managers,
     maritime dispatch under transport clerks), so the core skills of the job as advertised in
     Thailand were picked from the ranked list (mostly its top 40). Pinned labels may exceed 40
     characters (only 2211, whose ESCO occupation has few clinical skills).
  5. Order the kept skills by score (then specificity), so the strongest ESCO evidence comes first.
  6. essential = "yes" when the skill is essential for more than half of the group's ESCO
     occupations; if that gives fewer than MIN_ESSENTIAL, the kept skills with the most
     "essential" links (at least one) are marked "yes" until there are MIN_ESSENTIAL, and if
     still short, the pinned skills in PIN order (the project's order of importance).
  7. Append the group's THAI_EXTRAS: Thai-market requirements ESCO lacks (licences,
     certificates, local software, shift work), skill_id "th:" + slug, essential as given.
  8. label_th comes from the labels file (written by the project, not ESCO), for ESCO and
     "th:" skills alike.

Output: UTF-8 CSV, header `isco,skill_id,label_en,label_th,essential`, LF line ends, rows in
occupations.csv order, ranked order within a group, extras last.
"""

import argparse
import collections
import csv
import os
import sys

K_ESCO = 10
PER_GROUP_K = {"2211": 8}
MIN_ESSENTIAL = 4
MAX_LABEL = 40
KEEP_TYPES = {"skill/competence", "knowledge"}

# Cross-sector ESCO skills so common (listed by 150-350 ESCO occupations) or so vague that
# they do not tell one occupation from another.
GENERIC = {
    "create solutions to problems",
    "use different communication channels",
    "keep records of work progress",
    "have computer literacy",
    "speak different languages",
    "develop professional network",
    "manage personal professional development",
    "adhere to organisational guidelines",
    "liaise with managers",
    "liaise with colleagues",
    "meet deadlines",
    "listen actively",
    "perform scientific research",
    "write scientific publications",
    "scientific research methodology",
    "keep personal administration",
    "maintain professional administration",
    "give constructive feedback",
    "apply technical communication skills",
    "consult technical resources",
    "company policies",
    "apply company policies",
    "follow company standards",
    "identify with the company's goals",
    "use communication techniques",
    "act reliably",
    "work ergonomically",
    "use IT tools",
    "characteristics of services",
    "adapt to changing situations",
    "handle tasks independently",
    "strive for company growth",
    "keep task records",
    "write work-related reports",
    "be at ease in unsafe environments",
    "maintain professional records",
    "demonstrate disciplinary expertise",
    "think abstractly",
    "synthesise information",
    "manage research data",
}

# Per group: the core skills kept (see step 4 of the method); all are linked to the group in
# ESCO (the script stops if one is not).
PIN = {
    "1212": ["human resource management", "recruit personnel", "labour legislation", "manage payroll",
             "develop training programmes", "organise staff assessment", "develop employee retention programs",
             "negotiate employment agreements", "human resources department processes", "evaluate training"],
    "1221": ["sales strategies", "manage staff", "perform market research", "build business relationships",
             "analyse consumer buying trends", "plan marketing campaigns", "market pricing",
             "study sales levels of products", "track key performance indicators", "create annual marketing budget"],
    "1321": ["manage staff", "manufacturing processes", "manage supplies", "health and safety in the workplace",
             "manage budgets", "define manufacturing quality criteria", "communicate production plan",
             "oversee production requirements", "adjust production schedule", "improve business processes"],
    "1420": ["manage staff", "maximise sales revenues", "set sales goals", "monitor customer service",
             "supervise merchandise displays", "manage theft prevention", "study sales levels of products",
             "order supplies", "manage budgets", "recruit employees"],
    "2141": ["industrial engineering", "manufacturing processes", "schedule production", "technical drawings",
             "use CAD software", "conduct quality control analysis", "lead process optimisation", "optimise production",
             "measure working time in goods production", "quality standards"],
    "2142": ["civil engineering", "technical drawings", "use CAD software", "construction methods",
             "oversee construction project", "approve engineering design", "engineering principles",
             "perform risk analysis", "manage budgets", "execute feasibility study"],
    "2151": ["electrical engineering", "electricity principles", "design electric power systems",
             "electrical power safety regulations", "create AutoCAD drawings", "make electrical calculations",
             "technical drawings", "electric generators", "approve engineering design", "troubleshoot"],
    # ESCO v1.1.1 links its one 2211 occupation (general practitioner) mostly to research skills;
    # the two long labels are the only clinical ones, so they are pinned despite their length.
    "2211": ["provide healthcare services to patients in general medical practice",
             "manage a multidisciplinary team involved in patient care", "provide care for a particular patient group",
             "use foreign languages in patient care", "manage a healthcare unit budget", "teach medicine",
             "conduct health related research", "protect personal data and privacy"],
    "2221": ["implement nursing care", "implement fundamentals of nursing", "diagnose nursing care",
             "evaluate nursing care", "deal with emergency care situations", "initiate life preserving measures",
             "follow clinical guidelines", "ensure safety of healthcare users", "provide health education",
             "work in multidisciplinary health teams"],
    "2330": ["prepare lesson content", "apply teaching strategies", "assess students", "perform classroom management",
             "develop course outline", "maintain students' discipline", "observe student's progress",
             "adapt teaching to student's capabilities", "curriculum objectives", "assign homework"],
    "2341": ["teach primary education class content", "prepare lesson content", "apply teaching strategies",
             "perform classroom management", "assess students", "handle children's problems",
             "observe student's progress", "maintain students' discipline", "curriculum objectives",
             "guarantee students' safety"],
    "2411": ["prepare financial statements", "financial statements", "tax legislation", "accounting entries",
             "check accounting records", "interpret financial statements", "conduct financial audits", "calculate tax",
             "prepare tax returns forms", "accounting techniques"],
    "2431": ["perform market research", "implement marketing strategies", "apply social media marketing",
             "plan digital marketing", "marketing principles", "advertising techniques",
             "coordinate advertising campaigns", "analyse consumer buying trends", "conduct search engine optimisation",
             "create advertisements"],
    "2512": ["computer programming", "debug software", "analyse software specifications", "develop software prototype",
             "use software design patterns", "use software libraries", "use query languages",
             "Java (computer programming)", "JavaScript", "Python (computer programming)"],
    "3112": ["construction methods", "monitor construction site", "inspect construction supplies",
             "use safety equipment in construction", "technical drawings", "civil engineering", "supervise staff",
             "test construction material samples", "ensure conformity to specifications", "work in a construction team"],
    "3113": ["electricity", "electrical wiring diagrams", "maintain electrical equipment",
             "measure electrical characteristics", "electrical power safety regulations",
             "electrical equipment regulations", "read standard blueprints", "troubleshoot", "electric motors",
             "resolve equipment malfunctions"],
    "3115": ["read engineering drawings", "mechanics", "operate precision measuring equipment", "use testing equipment",
             "conduct routine machinery checks", "troubleshoot", "inspect quality of products",
             "use technical documentation", "CAD software", "record test data"],
    "3122": ["supervise staff", "follow production schedule", "oversee production requirements",
             "report on production results", "plan shifts of employees", "meet productivity targets",
             "monitor manufacturing quality standards", "evaluate employees work", "train employees", "quality standards"],
    "3257": ["identify hazards in the workplace", "health, safety and hygiene legislation",
             "manage health and safety standards", "conduct workplace audits", "perform risk analysis",
             "communicate health and safety measures", "write inspection reports", "environmental legislation",
             "waste management", "advise on risk management"],
    "3322": ["sales strategies", "characteristics of products", "prospect new customers", "answer requests for quotation",
             "carry out sales analysis", "deliver a sales pitch", "achieve sales targets", "plan customers' sales visits",
             "customer relationship management", "sales argumentation"],
    "3323": ["perform procurement processes", "issue purchase orders", "identify suppliers", "negotiate buying conditions",
             "negotiate price", "maintain relationship with suppliers", "compare contractors' bids", "track price trends",
             "manage contracts", "supply chain management"],
    "3512": ["provide ICT support", "solve ICT system problems", "ICT networking hardware", "operating systems",
             "repair ICT devices", "use ICT ticketing system", "support ICT system users", "implement anti-virus software",
             "maintain ICT system", "administer ICT system"],
    "4110": ["perform office routine activities", "file documents", "organise business documents",
             "manage digital documents", "use spreadsheets software", "handle mail", "fill out forms", "process data",
             "communicate by telephone", "use office systems"],
    "4120": ["use microsoft office", "manage personnel agenda", "draft corporate emails", "organise business documents",
             "file documents", "communicate by telephone", "handle mail", "perform office routine activities",
             "write meeting reports", "organise travel arrangements for staff"],
    "4132": ["process data", "maintain data entry requirements", "perform data cleansing", "use spreadsheets software",
             "use word processing software", "database", "information confidentiality",
             "apply information security policies", "use databases", "manage digital documents"],
    "4211": ["handle financial transactions", "customer service", "financial products", "offer financial services",
             "convert currency", "banking activities", "maintain financial records",
             "provide financial product information", "promote financial products", "communicate with customers"],
    "4222": ["answer incoming calls", "communicate by telephone", "respond to inquiries in written form",
             "use internet chat", "keep records of customer interaction", "guarantee customer satisfaction",
             "perform escalation procedure", "customer service", "type at speed", "characteristics of products"],
    "4224": ["greet guests", "deal with arrivals in accommodation", "deal with departures in accommodation",
             "process reservations", "handle customer complaints", "handle financial transactions",
             "maintain customer records", "provide tourism related information", "carry out end of day accounts",
             "maintain customer service"],
    "4226": ["communicate by telephone", "greet guests", "customer service", "administer appointments", "process booking",
             "handle customer complaints", "disseminate messages to people", "maintain reception area",
             "type on electronic devices", "use microsoft office"],
    "4311": ["bookkeeping regulations", "maintain financial records", "follow up accounts receivables", "allocate bills",
             "handle financial transactions", "check accounting records", "handle petty cash", "issue sales invoices",
             "use spreadsheets software", "financial department processes"],
    "4321": ["manage inventory", "maintain stock control systems", "carry out inventory control accuracy",
             "use spreadsheets software", "keep inventory of goods in production", "manage warehouse inventory",
             "check for damaged items", "products coding system", "inventory management rules",
             "perform warehousing operations"],
    "4323": ["schedule and dispatch drivers", "match vehicles with routes", "prepare transportation routes",
             "monitor drivers", "manage dispatch software systems", "apply transportation management concepts",
             "road transport legislation", "transportation methods", "warehouse operations",
             "communicate verbal instructions"],
    "4416": ["recruit employees", "interview people", "manage payroll", "labour legislation",
             "human resources department processes", "introduce new employees", "organise training",
             "document interviews", "observe confidentiality", "manage payroll reports"],
    "5120": ["use cooking techniques", "use food preparation techniques", "comply with food safety and hygiene",
             "use food cutting tools", "store raw food materials", "work in a hospitality team", "plan menus",
             "comply with standard portion sizes", "cook meat dishes", "cook seafood"],
    "5131": ["welcome restaurant guests", "present menus", "maintain customer service", "assist customers",
             "comply with food safety and hygiene", "arrange tables", "process payments", "handle customer complaints",
             "upsell products", "check dining room cleanliness"],
    "5141": ["apply hair cutting techniques", "dye hair", "wash hair", "style hair", "hair colouring",
             "use equipment for hair care", "hair products", "advise on hair style", "treat scalp conditions",
             "work safely with chemicals"],
    "5142": ["give massages", "maintain customer service", "identify customer's needs", "cosmetics", "skin types",
             "cosmetic skin treatment", "ensure sanitation", "maintain personal hygiene standards", "treat nails",
             "make-up techniques"],
    "5223": ["carry out active selling", "identify customer's needs", "product comprehension", "organise product display",
             "stock shelves", "operate cash register", "monitor stock level", "guarantee customer satisfaction",
             "demonstrate products' features", "maintain store cleanliness"],
    "5230": ["operate cash register", "process payments", "apply numeracy skills", "process refunds",
             "issue sales invoices", "communicate with customers", "prevent shoplifting", "maintain store cleanliness",
             "upsell products", "operate cash point"],
    "5242": ["demonstrate products' features", "sales promotion techniques", "hand out product samples",
             "organise product display", "assist customers", "establish customer rapport", "product comprehension",
             "achieve sales targets", "keep promotions records", "carry out active selling"],
    "5244": ["communicate by telephone", "characteristics of products", "guarantee customer satisfaction",
             "tolerate stress", "credit card payments", "process data", "answer incoming calls",
             "perform multiple tasks at the same time", "provide customer follow-up services", "present reports"],
    "5246": ["comply with food safety and hygiene", "process customer orders", "maintain personal hygiene standards",
             "clean kitchen equipment", "execute opening and closing procedures", "greet guests", "upsell products",
             "work in a hospitality team", "handle customer complaints", "store raw food materials"],
    "5321": ["monitor basic patients signs", "provide basic support to patients", "support nurses",
             "follow clinical guidelines", "ensure safety of healthcare users", "hygiene in a health care setting",
             "first aid", "empathise with the healthcare user", "work with nursing staff", "disability care"],
    "5322": ["tend to elderly people", "older adults' needs", "monitor patient's health condition", "apply first response",
             "assist clients with special needs", "accompany people", "prepare ready-made dishes", "wash the laundry",
             "make the beds", "keep company"],
    "5414": ["perform security checks", "practice vigilance", "patrol areas", "monitor surveillance equipment",
             "ensure public safety and security", "identify security threats", "write security reports", "control crowd",
             "provide first aid", "operate radio equipment"],
    "6111": ["grow plants", "harvest crop", "execute fertilisation", "pest control in plants", "irrigate soil",
             "operate agricultural machinery", "monitor fields", "prepare planting area", "plant disease control",
             "maintain plant health"],
    "6112": ["grow plants", "harvest crop", "execute fertilisation", "pest control in plants", "plant disease control",
             "nurse plants", "monitor fields", "prepare planting area", "use gardening equipment",
             "operate agricultural machinery"],
    "6121": ["feed livestock", "monitor livestock", "manage livestock", "apply animal hygiene practices",
             "administer treatment to animals", "care for juvenile animals", "assist animal birth",
             "maintain animal accommodation", "milk animals", "manage animal biosecurity"],
    "6221": ["carry out feeding operations", "monitor water quality", "monitor fish health status",
             "monitor feeding behaviour", "monitor fish mortality rates", "apply fish treatments",
             "perform fish grading operations", "control aquatic production environment", "biosecurity",
             "use water disinfection equipment"],
    "7112": ["lay bricks", "mix construction grouts", "finish mortar joints", "check straightness of brick", "split bricks",
             "snap chalk line", "interpret 2D plans", "use measurement instruments",
             "use safety equipment in construction", "mix concrete"],
    "7115": ["create wood joints", "use measurement instruments", "interpret 2D plans", "install wood hardware",
             "operate wood sawing equipment", "woodworking tools", "types of wood", "apply wood finishes",
             "use safety equipment in construction", "install construction profiles"],
    "7126": ["lay pipe installation", "install PVC piping", "plumbing tools", "check water pressure",
             "place sanitary equipment", "replace faucets", "repair pipelines", "interpret 2D plans",
             "use measurement instruments", "types of piping"],
    "7127": ["refrigerants", "domestic cooling systems", "install ventilation equipment", "install heat pump",
             "maintain electrical equipment", "resolve equipment malfunctions", "electrical wiring plans",
             "use testing equipment", "perform test run", "operate soldering equipment"],
    "7131": ["paint surfaces", "prepare surface for painting", "apply primer", "paint with a paint gun", "types of paint",
             "mix paint", "sand between coats", "clean painting equipment", "use safety equipment in construction",
             "use painting equipment"],
    "7212": ["welding techniques", "operate welding equipment", "apply arc welding techniques",
             "perform metal inert gas welding", "perform metal active gas welding", "perform tungsten inert gas welding",
             "types of metal", "prepare pieces for joining", "read standard blueprints",
             "wear appropriate protective gear"],
    "7223": ["program a CNC controller", "tend CNC milling machine", "tend lathe", "set up the controller of a machine",
             "operate precision measuring equipment", "read standard blueprints",
             "supply machine with appropriate tools", "types of metal", "quality standards", "use CAM software"],
    "7231": ["carry out repair of vehicles", "use automotive diagnostic equipment", "mechanics", "engine components",
             "vehicle electrical systems", "perform minor vehicle repairs", "types of vehicles",
             "use technical documentation", "replace tyres", "use traditional toolbox tools"],
    "7233": ["mechanics", "perform machine maintenance", "conduct routine machinery checks",
             "resolve equipment malfunctions", "hydraulics", "pneumatics", "operate welding equipment",
             "read standard blueprints", "replace defect components", "write records for repairs"],
    "7411": ["electrical wiring plans", "electricity", "install electric switches", "install electricity sockets",
             "install circuit breakers", "splice cable", "repair wiring", "use measurement instruments",
             "inspect electrical supplies", "use safety equipment in construction"],
    "7412": ["electricity", "electrical wiring plans", "maintain electrical equipment", "test electrical equipment",
             "troubleshoot", "resolve equipment malfunctions", "electronics", "replace defect components",
             "use repair manuals", "apply health and safety standards"],
    "7512": ["bake goods", "knead food products", "work according to recipe", "Ensure correct use of bakery equipment",
             "operate mixing of food products", "bakery ingredients", "apply GMP", "apply HACCP", "mould doughs",
             "tend bakery ovens"],
    "7543": ["inspect quality of products", "quality standards", "quality assurance procedures",
             "operate precision measuring equipment", "use testing equipment", "read standard blueprints",
             "record test data", "report defective manufacturing materials", "write inspection reports",
             "perform sample testing"],
    "8142": ["tend injection moulding machine", "set up the controller of a machine", "monitor automated machines",
             "plastic resins", "types of plastic", "extract products from moulds", "trim excess material",
             "quality standards", "troubleshoot", "control temperature"],
    "8153": ["operate garment manufacturing machines", "sew pieces of fabric", "sew textile-based articles",
             "manufacture wearing apparel products", "distinguish fabrics", "distinguish accessories",
             "inspect wearing apparel products", "cut fabrics", "properties of fabrics", "buttonholing"],
    "8160": ["apply GMP", "apply HACCP", "clean food and beverage machinery", "exert quality control to processing food",
             "ensure sanitation", "follow production schedule", "operate weighing machine", "food safety principles",
             "work in a food processing team", "lift heavy weights"],
    "8183": ["tend packaging machines", "monitor machine operations", "apply GMP", "apply HACCP",
             "operate heat sealing machinery", "operate package processing equipment",
             "ensure quality control in packaging", "clean food and beverage machinery", "check quality of raw materials",
             "execute working instructions"],
    "8211": ["align components", "fasten components", "use power tools", "read standard blueprints", "bolt engine parts",
             "assemble metal parts", "work in assembly line teams", "quality standards", "mechanics of motor vehicles",
             "wear appropriate protective gear"],
    "8212": ["read assembly drawings", "solder components onto electronic board", "apply soldering techniques",
             "operate soldering equipment", "assemble printed circuit boards", "ensure conformity to specifications",
             "remove defective products", "printed circuit boards", "electronics",
             "report defective manufacturing materials"],
    "8219": ["fasten components", "align components", "assemble metal parts", "perform pre-assembly quality checks",
             "use power tools", "use technical documentation", "quality standards", "inspect quality of products",
             "work safely with machines", "read standard blueprints"],
    "8321": ["drive two-wheeled vehicles", "drive in urban areas", "road traffic laws", "interpret traffic signals",
             "organise mail deliveries", "handle delivered packages", "differentiate types of packages",
             "geographic areas", "communicate with customers", "ensure the integrity of mail"],
    "8322": ["drive vehicles", "road traffic laws", "interpret traffic signals", "perform defensive driving",
             "drive in urban areas", "operate GPS systems", "maintain vehicle appearance", "ensure vehicle operability",
             "park vehicles", "handle delivered packages"],
    "8332": ["drive vehicles", "manoeuvre heavy trucks", "road transport legislation", "vehicle cargo capacity",
             "perform defensive driving", "operate GPS systems", "mechanical components of vehicles",
             "interpret traffic signals", "read maps", "stay alert"],
    "8344": ["operate forklift", "conduct forklift inspections", "store warehouse goods", "stack empty pallets",
             "pick orders for dispatching", "transfer stock", "follow stock control instructions",
             "carry out stock rotation", "monitor goods movement", "estimate distances"],
    "9111": ["clean rooms", "clean surfaces", "wash the dishes", "wash the laundry", "iron textiles", "make the beds",
             "vacuum surfaces", "handle chemical cleaning agents", "cleaning techniques", "clean toilet facilities"],
    "9112": ["clean building floors", "clean surfaces", "clean toilet facilities", "operate floor cleaning equipment",
             "handle chemical cleaning agents", "clean glass surfaces", "sort waste",
             "restock toilet facilities' supplies", "clean rooms", "cleaning techniques"],
    "9211": ["harvest crop", "select fruits and vegetables", "store crops", "execute fertilisation",
             "perform hand pruning", "carry picking work aids", "apply health and safety when picking",
             "pack vegetables or fruits", "work in outdoor conditions", "drive agricultural machines"],
    "9216": ["operate fish capture equipment", "harvest aquatic resources", "handle harvested fish", "rope manipulation",
             "collect live fish", "operate small craft", "swim", "maintain fish harvesting equipment",
             "work in a fishery team", "transport fish"],
    "9313": ["mix concrete", "pour concrete", "transport construction supplies", "use safety equipment in construction",
             "work in a construction team", "move soil", "prepare surface for plastering", "prepare surface for painting",
             "apply finish to concrete", "inspect construction supplies"],
    "9321": ["pack goods", "use packaging equipment", "ensure correct goods labelling", "secure goods",
             "types of packaging materials", "lift heavy weights", "follow written instructions", "comply with checklists",
             "weigh merchandise", "identify damaged goods before shipment"],
    "9329": ["wear appropriate protective gear", "supply machine", "maintain work area cleanliness", "clean equipment",
             "pack goods", "lift heavy weights", "work safely with machines", "apply health and safety standards",
             "operate industrial equipment", "store goods"],
    "9333": ["lift heavy weights", "pick orders for dispatching", "stack goods", "load products for dispatch",
             "store warehouse goods", "secure goods", "operate forklift", "operate warehouse record systems",
             "identify damaged goods before shipment", "follow stock control instructions"],
    "9412": ["clean kitchen equipment", "comply with food safety and hygiene", "use food cutting tools",
             "use food preparation techniques", "operate dishwashing machine", "dispose waste", "clean surfaces",
             "store kitchen supplies", "handle chemical cleaning agents", "work in a hospitality team"],
    "9621": ["handle guest luggage", "greet guests", "maintain customer service", "assist clients with special needs",
             "park guest's vehicle", "provide tourism related information", "run errands on behalf of customers",
             "handle delivered packages", "explain features in accommodation venue", "ensure hotel security"],
}

# Per group: Thai-market skills ESCO lacks: (slug, English label, essential).
THAI_EXTRAS = {
    "2141": [("lean_kaizen", "Lean / Kaizen improvement", "no")],
    "2142": [("coe_licence_civil", "Thai professional engineer licence (civil)", "yes")],
    "2151": [("coe_licence_electrical", "Thai professional engineer licence (electrical)", "yes")],
    "2211": [("medical_licence", "Thai Medical Council licence", "yes")],
    "2221": [("nursing_licence", "Thailand Nursing and Midwifery Council licence", "yes")],
    "2330": [("teaching_licence", "Thai teaching licence", "yes")],
    "2341": [("teaching_licence", "Thai teaching licence", "yes")],
    "2411": [("express_accounting", "Express accounting software", "no"),
             ("thai_tax_filing", "Thai tax returns (PND, PP30)", "yes"),
             ("tfrs", "Thai Financial Reporting Standards (TFRS)", "no")],
    "2431": [("facebook_tiktok_ads", "Facebook / TikTok ads", "no"),
             ("content_writing", "content writing", "no")],
    "2512": [("git", "Git version control", "no")],
    "3112": [("autocad", "AutoCAD", "no")],
    "3113": [("plc", "PLC programming", "no")],
    "3115": [("autocad", "AutoCAD", "no")],
    "3122": [("lean_kaizen", "Lean / Kaizen improvement", "no"), ("five_s", "5S workplace organisation", "no")],
    "3257": [("safety_officer_cert", "professional safety officer certificate (Jor Por)", "yes")],
    "3322": [("own_car_licence", "own car and driving licence", "yes")],
    "3323": [("sap_erp", "SAP / ERP", "no")],
    "3512": [("lan_cabling", "LAN cabling", "no")],
    "4110": [("ms_office", "Microsoft Office (Word, Excel)", "yes"), ("thai_english_typing", "Thai and English typing", "no")],
    "4120": [("business_english", "business English", "yes")],
    "4132": [("thai_english_typing", "Thai and English typing", "yes")],
    "4211": [("life_insurance_licence", "life insurance agent licence", "no")],
    "4222": [("line_oa", "LINE Official Account chat", "no")],
    "4224": [("hotel_pms", "hotel PMS software (e.g. Opera)", "no"), ("service_english", "English for service", "yes")],
    "4311": [("express_accounting", "Express accounting software", "no"),
             ("withholding_tax", "withholding tax and VAT filing", "no")],
    "4321": [("wms_erp", "WMS / ERP software", "no")],
    "4323": [("gps_fleet_tracking", "GPS fleet tracking", "no")],
    "4416": [("social_security", "social security administration", "yes")],
    "5120": [("thai_cuisine", "Thai cooking", "yes"), ("food_handler_cert", "food handler certificate", "no")],
    "5131": [("service_english", "English for service", "no")],
    "5142": [("thai_massage_cert", "Thai massage certificate", "yes")],
    "5244": [("life_insurance_licence", "life insurance agent licence", "no")],
    "5246": [("food_handler_cert", "food handler certificate", "no")],
    "5321": [("pn_cert", "practical nurse (PN) certificate", "yes")],
    "5322": [("caregiver_course", "elderly caregiver course certificate", "yes")],
    "5414": [("security_guard_licence", "security guard licence", "yes")],
    "6112": [("rubber_tapping", "rubber tapping", "no")],
    "7112": [("plastering", "plastering", "yes"), ("tile_laying", "tile laying", "no")],
    "7127": [("aircon_cleaning", "air conditioner cleaning", "yes"), ("dsd_skill_standard", "national skill standard certificate", "no")],
    "7212": [("dsd_skill_standard", "national skill standard certificate", "no")],
    "7233": [("plc", "PLC programming", "no")],
    "7411": [("dsd_skill_standard", "national skill standard certificate", "yes")],
    "7412": [("plc", "PLC programming", "no")],
    "7543": [("iso_9001", "ISO 9001 quality system", "no")],
    "8142": [("shift_work", "shift work", "yes")],
    "8160": [("shift_work", "shift work", "yes")],
    "8211": [("shift_work", "shift work", "yes")],
    "8212": [("shift_work", "shift work", "yes")],
    "8321": [("motorcycle_licence", "motorcycle driving licence", "yes"), ("own_motorcycle", "own motorcycle", "yes")],
    "8322": [("driving_licence_type2", "Thai driving licence type 2", "yes")],
    "8332": [("driving_licence_type2", "Thai driving licence type 2", "yes"),
             ("driving_licence_type3", "Thai driving licence type 3", "no")],
    "8344": [("forklift_certificate", "forklift operator training certificate", "yes")],
    "9111": [("home_cooking", "home cooking", "no"), ("childcare", "looking after children", "no")],
    "9329": [("shift_work", "shift work", "yes")],
    "9621": [("service_english", "English for service", "no")],
}


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("esco_dir")
    ap.add_argument("occupations_csv")
    ap.add_argument("--labels", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "skill_labels_th.csv"))
    ap.add_argument("--missing", action="store_true")
    ap.add_argument("--explain")
    args = ap.parse_args()

    occupations = {r["occupation_id"]: r for r in read_csv(os.path.join(args.esco_dir, "occupations.csv"))}
    skills = {r["skill_id"]: r for r in read_csv(os.path.join(args.esco_dir, "skills.csv"))}
    relations = read_csv(os.path.join(args.esco_dir, "occupation_skill_relations.csv"))
    groups = [r["isco"] for r in read_csv(args.occupations_csv)]
    labels_th = {}
    if os.path.exists(args.labels):
        labels_th = {r["skill_id"]: r["label_th"] for r in read_csv(args.labels)}

    members = collections.Counter(o["isco_code"] for o in occupations.values())
    score = collections.defaultdict(collections.Counter)
    essential = collections.defaultdict(collections.Counter)
    spread = collections.Counter()  # ESCO occupations listing the skill, all groups
    for rel in relations:
        occ = occupations.get(rel["occupation_id"])
        if occ is None:  # 67 relations point to occupations missing from the file
            continue
        group, skill = occ["isco_code"], rel["skill_id"]
        spread[skill] += 1
        if rel["relation_type"] == "essential":
            score[group][skill] += 2
            essential[group][skill] += 1
        else:
            score[group][skill] += 1

    by_label = {}
    for sid, s in skills.items():
        by_label.setdefault(s["preferred_label"].strip(), sid)

    out_rows, missing = [], {}
    for group in groups:
        n = members[group]
        if n == 0:
            sys.exit(f"{group}: no ESCO occupation has this isco_code")
        pins = []
        for label in PIN.get(group, []):
            sid = by_label.get(label)
            if sid is None or sid not in score[group]:
                sys.exit(f"{group}: pinned skill {label!r} is not linked to the group in ESCO")
            pins.append(sid)

        def eligible(sid):
            s = skills[sid]
            label = s["preferred_label"].strip()
            return (s["skill_type"] in KEEP_TYPES and s["reuse_level"] != "transversal"
                    and len(label) <= MAX_LABEL and label not in GENERIC)

        rest = [sid for sid in score[group] if sid not in pins and eligible(sid)]
        rest.sort(key=lambda sid: (-score[group][sid], spread[sid], skills[sid]["preferred_label"]))
        ranked = pins + rest
        if args.explain == group:
            for i, sid in enumerate(ranked[:40]):
                s = skills[sid]
                print(f"{i:2d} {score[group][sid]:3d} e{essential[group][sid]}/{n} spread {spread[sid]:4d} "
                      f"{s['reuse_level'][:5]} {s['preferred_label']}", file=sys.stderr)
            return
        chosen = ranked[:max(len(pins), PER_GROUP_K.get(group, K_ESCO))]
        chosen.sort(key=lambda sid: (-score[group][sid], spread[sid], skills[sid]["preferred_label"]))

        flags = {sid: 2 * essential[group][sid] > n for sid in chosen}
        if sum(flags.values()) < MIN_ESSENTIAL:
            for sid in sorted(chosen, key=lambda sid: -essential[group][sid]):
                if sum(flags.values()) >= MIN_ESSENTIAL or essential[group][sid] == 0:
                    break
                flags[sid] = True
        for sid in pins:  # groups whose ESCO links are mostly optional (2211, 4416)
            if sum(flags.values()) >= MIN_ESSENTIAL:
                break
            flags[sid] = True

        rows = [(sid, skills[sid]["preferred_label"].strip(), "yes" if flags[sid] else "no") for sid in chosen]
        for slug, label_en, ess in THAI_EXTRAS.get(group, []):
            rows.append(("th:" + slug, label_en, ess))
        for sid, label_en, ess in rows:
            th = labels_th.get(sid, "").strip()
            if not th:
                missing[sid] = label_en
            out_rows.append((group, sid, label_en, th, ess))

    w = csv.writer(sys.stdout, lineterminator="\n")
    if args.missing:
        w.writerow(["skill_id", "label_en"])
        for sid, label in missing.items():
            w.writerow([sid, label])
        return
    if missing:
        sys.exit(f"{len(missing)} selected skills have no Thai label in {args.labels}; run with --missing")
    w.writerow(["isco", "skill_id", "label_en", "label_th", "essential"])
    w.writerows(out_rows)


if __name__ == "__main__":
    main()

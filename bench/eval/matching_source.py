"""Source of matching_queries.jsonl and matching_pool.jsonl: pairs of complementary profiles written in two languages.

Written for this evaluation by the matchmaking engineer: each business request (query) has one business offer of
the same trade (gold) written in another language; every other offer is a distractor, and the pool also holds
requests, which the kind filter must drop. No sectors are given, so the figures measure the text alone.
Run ``python bench/eval/matching_source.py`` to rewrite the JSONL files.
"""

import json
from pathlib import Path

# (request lang, request text, offer lang, offer text, offer country)
PAIRS = [
    (
        "fr",
        "Épicerie fine cherche un fournisseur d'huile d'olive vierge extra en bidons de 5 litres.",
        "ar",
        "تعاونية في مكناس تنتج زيت الزيتون البكر الممتاز وتبحث عن موزعين في أوروبا.",
        "MA",
    ),
    (
        "en",
        "UK retailer looking for a supplier of organic Medjool dates.",
        "ar",
        "نحن مزرعة نخيل في الرشيدية ننتج تمور المجهول العضوية للتصدير.",
        "MA",
    ),
    (
        "pl",
        "Szukamy producenta mebli z litego drewna do sieci sklepów.",
        "pt",
        "Fábrica de móveis em madeira maciça procura distribuidores na Europa Central.",
        "BR",
    ),
    (
        "de",
        "Wir suchen einen Softwarepartner, der unsere Lagerverwaltung als Web-App entwickelt.",
        "fr",
        "Éditeur de logiciels tunisien : nous développons des applications web de gestion de stocks sur mesure.",
        "TN",
    ),
    (
        "pt",
        "Procuramos um fabricante de painéis solares para projetos de eletrificação rural.",
        "zh",
        "我们生产光伏太阳能电池板，寻找海外工程合作伙伴。",
        "CN",
    ),
    (
        "ar",
        "نبحث عن شركة لمعالجة مياه الصرف الصحي لمحطة بلدية.",
        "fr",
        "Bureau d'études spécialisé dans les stations d'épuration des eaux usées municipales.",
        "FR",
    ),
    (
        "zh",
        "我们寻找法国葡萄酒生产商，进口红葡萄酒到中国。",
        "fr",
        "Domaine viticole du Bordelais cherche des importateurs pour ses vins rouges en Asie.",
        "FR",
    ),
    (
        "fr",
        "Nous cherchons un atelier de confection pour fabriquer nos collections de chemises en coton.",
        "ar",
        "ورشة خياطة في طنجة تصنع القمصان القطنية لحساب العلامات الأوروبية.",
        "MA",
    ),
    (
        "en",
        "Hospital group seeking a partner for telemedicine software.",
        "pl",
        "Firma informatyczna oferuje platformę telemedyczną dla szpitali i przychodni.",
        "PL",
    ),
    (
        "de",
        "Bäckereikette sucht Lieferanten für tiefgekühlte Croissants.",
        "pl",
        "Piekarnia przemysłowa produkuje mrożone rogaliki i bułki na eksport.",
        "PL",
    ),
    (
        "pl",
        "Poszukujemy dostawcy opakowań z tektury falistej dla przemysłu spożywczego.",
        "de",
        "Wellpappenwerk liefert Verpackungen aus Karton für die Lebensmittelindustrie.",
        "DE",
    ),
    (
        "pt",
        "Cooperativa procura tecnologia de rega gota a gota para pomares.",
        "en",
        "We manufacture drip irrigation systems for orchards and vineyards.",
        "IL",
    ),
    (
        "ar",
        "نبحث عن شريك لتنظيم رحلات سياحية إلى الصحراء لزبائن أوروبيين.",
        "de",
        "Reiseveranstalter für Wüstenreisen sucht Partneragenturen vor Ort.",
        "DE",
    ),
    (
        "zh",
        "我们寻找可以提供会计和税务咨询服务的法国事务所。",
        "fr",
        "Cabinet d'expertise comptable accompagnant les entreprises chinoises en France : comptabilité et fiscalité.",
        "FR",
    ),
    (
        "fr",
        "Nous cherchons un transporteur frigorifique pour livrer des fruits du Maroc vers Lille.",
        "pt",
        "Transportadora com camiões frigoríficos faz rotas regulares entre Marrocos e o norte da Europa.",
        "PT",
    ),
    (
        "en",
        "Cosmetics brand seeking a supplier of cold-pressed argan oil.",
        "ar",
        "تعاونية نسائية تنتج زيت الأركان المعصور على البارد للتجميل.",
        "MA",
    ),
    (
        "de",
        "Stadtwerke suchen Partner für die Sammlung und das Recycling von Kunststoffabfällen.",
        "fr",
        "Entreprise de collecte et de recyclage des déchets plastiques pour les collectivités.",
        "FR",
    ),
    (
        "pl",
        "Hotel szuka dostawcy ręczników i pościeli bawełnianej.",
        "zh",
        "纺织厂生产酒店用棉质毛巾和床上用品。",
        "CN",
    ),
    (
        "pt",
        "Procuramos um laboratório que fabrique medicamentos genéricos sob licença.",
        "en",
        "Pharmaceutical manufacturer offering licences and contract manufacturing of generic tablets.",
        "IN",
    ),
    (
        "fr",
        "Laiterie cherchant un fournisseur de machines de conditionnement pour yaourts.",
        "de",
        "Maschinenbauer für Abfüll- und Verpackungsanlagen für Joghurt und Milchprodukte.",
        "DE",
    ),
]

# Requests in the pool: the kind filter must never return them.
POOL_REQUESTS = [
    ("fr", "Nous cherchons aussi de l'huile d'olive en vrac."),
    ("en", "Looking for a software partner for our web shop."),
    ("ar", "نبحث عن مورد للتمور."),
]


def main() -> None:
    here = Path(__file__).parent
    with (
        (here / "matching_queries.jsonl").open("w", encoding="utf-8") as queries,
        (here / "matching_pool.jsonl").open("w", encoding="utf-8") as pool,
    ):
        for i, (q_lang, q_text, o_lang, o_text, country) in enumerate(PAIRS, start=1):
            query = {
                "id": f"q{i:02d}",
                "kind": "business_request",
                "title": "",
                "description": q_text,
                "lang": q_lang,
                "sectors": [],
                "country": "FR" if country != "FR" else "MA",
                "gold": f"o{i:02d}",
            }
            offer = {
                "id": f"o{i:02d}",
                "kind": "business_offer",
                "title": "",
                "description": o_text,
                "lang": o_lang,
                "sectors": [],
                "country": country,
            }
            queries.write(json.dumps(query, ensure_ascii=False) + "\n")
            pool.write(json.dumps(offer, ensure_ascii=False) + "\n")
        for i, (lang, text) in enumerate(POOL_REQUESTS, start=1):
            request = {
                "id": f"r{i:02d}",
                "kind": "business_request",
                "title": "",
                "description": text,
                "lang": lang,
                "sectors": [],
                "country": "FR",
            }
            pool.write(json.dumps(request, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

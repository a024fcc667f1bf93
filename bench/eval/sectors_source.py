"""Source of sectors.jsonl: short activity descriptions written for this evaluation, the gold NACE Rev. 2 class each.

Written by the matchmaking engineer (not taken from NACE titles or explanatory notes), one line per class and language,
in the way a company describes itself on a profile. The gold codes were first written in Rev. 2.1 and converted to
Rev. 2 with the texts in view (31.00 → 31.09 household furniture, 35.12 → 35.11 production of electricity,
41.00 → 41.20, 56.11 → 56.10, 62.10 → 62.01; the 19 others have the same code and activity in both).
Run ``python bench/eval/sectors_source.py`` to rewrite the JSONL.
"""

import json
from pathlib import Path

LANGS = ["en", "fr", "de", "pl", "pt", "ar", "zh"]

TEXTS = {
    "01.11": [
        "Family farm growing wheat, barley and rapeseed on 300 hectares.",
        "Exploitation céréalière : blé tendre, orge et colza sur 300 hectares.",
        "Familienbetrieb mit Anbau von Weizen, Gerste und Raps auf 300 Hektar.",
        "Rodzinne gospodarstwo uprawiające pszenicę, jęczmień i rzepak na 300 hektarach.",
        "Fazenda familiar que cultiva trigo, cevada e colza em 300 hectares.",
        "مزرعة عائلية تزرع القمح والشعير واللفت الزيتي على مساحة 300 هكتار.",
        "家庭农场，在300公顷土地上种植小麦、大麦和油菜。",
    ],
    "01.21": [
        "We tend 40 hectares of vines and sell our grapes to local wineries.",
        "Viticulteurs, nous cultivons 40 hectares de vignes et vendons le raisin aux caves coopératives.",
        "Wir bewirtschaften 40 Hektar Rebflächen und verkaufen die Trauben an Kellereien.",
        "Uprawiamy 40 hektarów winorośli i sprzedajemy winogrona winiarniom.",
        "Cultivamos 40 hectares de vinha e vendemos as uvas às adegas da região.",
        "نزرع 40 هكتارا من الكروم ونبيع العنب لمعاصر النبيذ المحلية.",
        "我们种植40公顷葡萄园，把葡萄卖给当地酒厂。",
    ],
    "01.41": [
        "Dairy farm with 120 Holstein cows; we sell our milk to the cooperative.",
        "Élevage de 120 vaches laitières Prim'Holstein, lait livré à la coopérative.",
        "Milchviehbetrieb mit 120 Holstein-Kühen, die Milch geht an die Molkerei.",
        "Gospodarstwo mleczne ze 120 krowami rasy holsztyńskiej, mleko sprzedajemy mleczarni.",
        "Exploração leiteira com 120 vacas Holstein; vendemos o leite à cooperativa.",
        "مزرعة أبقار حلوب تضم 120 بقرة من سلالة هولشتاين ونبيع الحليب للتعاونية.",
        "奶牛场饲养120头荷斯坦奶牛，牛奶卖给合作社。",
    ],
    "03.11": [
        "Our trawlers fish sardine and hake off the Atlantic coast.",
        "Armement de chalutiers pêchant la sardine et le merlu en Atlantique.",
        "Unsere Trawler fangen Sardinen und Seehecht vor der Atlantikküste.",
        "Nasze trawlery łowią sardynki i morszczuka na Atlantyku.",
        "Os nossos arrastões pescam sardinha e pescada na costa atlântica.",
        "سفننا تصطاد السردين والنازلي قبالة سواحل المحيط الأطلسي.",
        "我们的拖网渔船在大西洋沿岸捕捞沙丁鱼和无须鳕。",
    ],
    "10.51": [
        "We turn milk into yoghurt, butter and aged cheeses.",
        "Fromagerie industrielle : yaourts, beurre et fromages affinés.",
        "Molkerei: wir verarbeiten Milch zu Joghurt, Butter und Käse.",
        "Mleczarnia produkująca jogurty, masło i sery dojrzewające.",
        "Laticínio que transforma leite em iogurte, manteiga e queijos curados.",
        "مصنع ألبان يحول الحليب إلى زبادي وزبدة وأجبان معتقة.",
        "乳品厂，把牛奶加工成酸奶、黄油和奶酪。",
    ],
    "10.71": [
        "Artisan bakery baking bread, croissants and cakes every morning.",
        "Boulangerie-pâtisserie artisanale : pain au levain, viennoiseries et gâteaux.",
        "Handwerksbäckerei: Brot, Brötchen und Kuchen, jeden Morgen frisch.",
        "Piekarnia rzemieślnicza: chleb na zakwasie, bułki i ciasta.",
        "Padaria artesanal que faz pão, croissants e bolos todos os dias.",
        "مخبز حرفي يصنع الخبز والحلويات والكعك كل صباح.",
        "手工面包店，每天早上烘焙面包、羊角面包和蛋糕。",
    ],
    "10.41": [
        "Olive mill pressing extra virgin olive oil for export.",
        "Moulin à huile : trituration d'olives et production d'huile vierge extra.",
        "Ölmühle, die natives Olivenöl extra für den Export presst.",
        "Tłocznia produkująca oliwę z oliwek extra virgin na eksport.",
        "Lagar que produz azeite virgem extra para exportação.",
        "معصرة زيتون تنتج زيت الزيتون البكر الممتاز للتصدير.",
        "榨油厂，生产特级初榨橄榄油用于出口。",
    ],
    "11.02": [
        "Wine estate making red and rosé wines from our own harvest.",
        "Domaine viticole élaborant des vins rouges et rosés issus de nos vendanges.",
        "Weingut, das aus eigener Lese Rot- und Roséweine keltert.",
        "Winnica produkująca wina czerwone i różowe z własnych zbiorów.",
        "Adega que produz vinhos tintos e rosés a partir da nossa vindima.",
        "ضيعة تنتج النبيذ الأحمر والوردي من محصول كرومها.",
        "酒庄，用自家采摘的葡萄酿造红葡萄酒和桃红葡萄酒。",
    ],
    "13.20": [
        "Weaving mill producing cotton and linen fabrics on Jacquard looms.",
        "Tissage de toiles de coton et de lin sur métiers Jacquard.",
        "Weberei, die Baumwoll- und Leinenstoffe auf Jacquardwebstühlen herstellt.",
        "Tkalnia produkująca tkaniny bawełniane i lniane na krosnach żakardowych.",
        "Tecelagem de tecidos de algodão e linho em teares Jacquard.",
        "مصنع نسيج ينتج أقمشة القطن والكتان على أنوال جاكار.",
        "织布厂，用提花织机生产棉布和亚麻布。",
    ],
    "20.42": [
        "We formulate and make perfumes, creams and shampoos with argan oil.",
        "Laboratoire cosmétique : parfums, crèmes et shampooings à l'huile d'argan.",
        "Wir entwickeln und produzieren Parfums, Cremes und Shampoos mit Arganöl.",
        "Produkujemy perfumy, kremy i szampony z olejem arganowym.",
        "Fabricamos perfumes, cremes e champôs com óleo de argão.",
        "نصنع العطور والكريمات والشامبو بزيت الأركان.",
        "我们研发并生产含摩洛哥坚果油的香水、面霜和洗发水。",
    ],
    "21.20": [
        "Pharmaceutical laboratory producing generic tablets and syrups.",
        "Laboratoire pharmaceutique fabriquant des médicaments génériques en comprimés et sirops.",
        "Pharmaunternehmen, das Generika als Tabletten und Sirupe herstellt.",
        "Firma farmaceutyczna wytwarzająca leki generyczne w tabletkach i syropach.",
        "Laboratório farmacêutico que fabrica medicamentos genéricos em comprimidos e xaropes.",
        "مختبر صيدلاني ينتج الأدوية الجنيسة على شكل أقراص وشراب.",
        "制药厂，生产仿制药片剂和糖浆。",
    ],
    "29.10": [
        "Car assembly plant building small passenger cars and vans.",
        "Usine d'assemblage de voitures particulières et de véhicules utilitaires.",
        "Automobilwerk, in dem Kleinwagen und Transporter montiert werden.",
        "Fabryka montująca samochody osobowe i dostawcze.",
        "Fábrica de montagem de automóveis ligeiros e carrinhas.",
        "مصنع لتجميع السيارات السياحية والشاحنات الخفيفة.",
        "汽车组装厂，生产小型乘用车和厢式货车。",
    ],
    "31.09": [
        "Workshop making solid oak tables, chairs and wardrobes.",
        "Atelier de fabrication de tables, chaises et armoires en chêne massif.",
        "Werkstatt für Tische, Stühle und Schränke aus massiver Eiche.",
        "Zakład produkujący stoły, krzesła i szafy z litego dębu.",
        "Oficina que fabrica mesas, cadeiras e roupeiros em carvalho maciço.",
        "ورشة لصناعة الطاولات والكراسي والخزائن من خشب البلوط.",
        "工坊制作实木橡木桌椅和衣柜。",
    ],
    "35.11": [
        "We operate wind farms and solar parks and sell the power to the grid.",
        "Nous exploitons des parcs éoliens et des centrales solaires et vendons l'électricité au réseau.",
        "Wir betreiben Windparks und Solaranlagen und speisen den Strom ins Netz ein.",
        "Eksploatujemy farmy wiatrowe i słoneczne, sprzedając energię do sieci.",
        "Exploramos parques eólicos e centrais solares e vendemos a eletricidade à rede.",
        "نشغل مزارع الرياح ومحطات الطاقة الشمسية ونبيع الكهرباء للشبكة.",
        "我们运营风电场和光伏电站，向电网售电。",
    ],
    "36.00": [
        "Utility that treats drinking water and supplies it to 200,000 people.",
        "Régie des eaux : captage, potabilisation et distribution d'eau à 200 000 habitants.",
        "Wasserversorger, der Trinkwasser aufbereitet und 200.000 Menschen beliefert.",
        "Wodociągi uzdatniające wodę pitną i dostarczające ją 200 tys. mieszkańców.",
        "Empresa de águas que trata e distribui água potável a 200 mil habitantes.",
        "مؤسسة تعالج مياه الشرب وتوزعها على 200 ألف نسمة.",
        "自来水公司，处理饮用水并为20万居民供水。",
    ],
    "38.11": [
        "We collect household and commercial waste with a fleet of 60 trucks.",
        "Collecte des ordures ménagères et des déchets d'entreprises avec 60 bennes.",
        "Wir sammeln Haus- und Gewerbemüll mit 60 Müllfahrzeugen.",
        "Odbieramy odpady komunalne i firmowe flotą 60 śmieciarek.",
        "Recolhemos resíduos domésticos e comerciais com uma frota de 60 camiões.",
        "نجمع النفايات المنزلية والتجارية بأسطول من 60 شاحنة.",
        "我们用60辆垃圾车收集生活垃圾和商业垃圾。",
    ],
    "41.20": [
        "General contractor building houses, apartment blocks and offices.",
        "Entreprise générale de bâtiment : maisons, immeubles de logements et bureaux.",
        "Bauunternehmen für Wohnhäuser, Mehrfamilienhäuser und Bürogebäude.",
        "Generalny wykonawca budujący domy, bloki mieszkalne i biurowce.",
        "Construtora de moradias, prédios de habitação e escritórios.",
        "شركة مقاولات تبني المنازل والعمارات السكنية والمكاتب.",
        "总承包建筑公司，建造住宅、公寓楼和办公楼。",
    ],
    "49.41": [
        "Trucking company hauling goods across Europe with refrigerated lorries.",
        "Transporteur routier de marchandises, camions frigorifiques, toute l'Europe.",
        "Spedition mit Kühl-Lkw für Gütertransporte in ganz Europa.",
        "Firma transportowa przewożąca towary ciężarówkami chłodniami po całej Europie.",
        "Transportadora rodoviária de mercadorias com camiões frigoríficos para toda a Europa.",
        "شركة نقل بري للبضائع بشاحنات مبردة عبر أوروبا.",
        "公路货运公司，用冷藏卡车在欧洲各地运输货物。",
    ],
    "55.10": [
        "Seaside hotel with 80 rooms, a spa and conference facilities.",
        "Hôtel de 80 chambres en bord de mer avec spa et salles de séminaire.",
        "Hotel am Meer mit 80 Zimmern, Spa und Tagungsräumen.",
        "Hotel nad morzem z 80 pokojami, spa i salami konferencyjnymi.",
        "Hotel à beira-mar com 80 quartos, spa e salas de conferência.",
        "فندق على شاطئ البحر يضم 80 غرفة ومنتجعا صحيا وقاعات مؤتمرات.",
        "海滨酒店，拥有80间客房、水疗中心和会议设施。",
    ],
    "56.10": [
        "Restaurant serving Mediterranean cuisine, 70 covers, open for lunch and dinner.",
        "Restaurant de cuisine méditerranéenne, 70 couverts, midi et soir.",
        "Restaurant mit mediterraner Küche, 70 Plätze, mittags und abends geöffnet.",
        "Restauracja z kuchnią śródziemnomorską na 70 miejsc, otwarta w porze obiadu i kolacji.",
        "Restaurante de cozinha mediterrânica com 70 lugares, almoço e jantar.",
        "مطعم يقدم المأكولات المتوسطية يتسع لـ70 شخصا ويفتح للغداء والعشاء.",
        "地中海风味餐厅，70个座位，供应午餐和晚餐。",
    ],
    "62.01": [
        "Software house writing custom web and mobile applications for clients.",
        "Société de développement logiciel : applications web et mobiles sur mesure.",
        "Softwarehaus, das individuelle Web- und Mobilanwendungen programmiert.",
        "Software house tworzący aplikacje internetowe i mobilne na zamówienie.",
        "Empresa de desenvolvimento de software que cria aplicações web e móveis por medida.",
        "شركة برمجيات تطور تطبيقات الويب والهواتف حسب الطلب.",
        "软件公司，为客户定制开发网页和手机应用程序。",
    ],
    "69.20": [
        "Accounting firm keeping the books and filing tax returns for small businesses.",
        "Cabinet d'expertise comptable : tenue des comptes et déclarations fiscales des PME.",
        "Steuerberatungskanzlei: Buchhaltung und Steuererklärungen für kleine Unternehmen.",
        "Biuro rachunkowe prowadzące księgi i rozliczenia podatkowe małych firm.",
        "Gabinete de contabilidade que faz a escrita e as declarações fiscais de PME.",
        "مكتب محاسبة يمسك الدفاتر ويعد الإقرارات الضريبية للشركات الصغيرة.",
        "会计师事务所，为小企业记账和报税。",
    ],
    "79.12": [
        "Tour operator designing package holidays and desert treks.",
        "Voyagiste concevant des séjours organisés et des randonnées dans le désert.",
        "Reiseveranstalter für Pauschalreisen und Wüstentrekking.",
        "Touroperator organizujący wycieczki zorganizowane i trekkingi po pustyni.",
        "Operador turístico que organiza pacotes de férias e trekkings no deserto.",
        "منظم رحلات يصمم عطلات شاملة ورحلات سير في الصحراء.",
        "旅行社设计包价旅游和沙漠徒步线路。",
    ],
    "86.10": [
        "Private hospital with 250 beds, surgery, maternity and emergency departments.",
        "Clinique privée de 250 lits : chirurgie, maternité et service des urgences.",
        "Privatklinik mit 250 Betten, Chirurgie, Geburtshilfe und Notaufnahme.",
        "Prywatny szpital na 250 łóżek z chirurgią, porodówką i izbą przyjęć.",
        "Hospital privado com 250 camas, cirurgia, maternidade e urgências.",
        "مستشفى خاص بسعة 250 سريرا يضم الجراحة والولادة والطوارئ.",
        "私立医院，拥有250张床位，设外科、产科和急诊科。",
    ],
}


def main() -> None:
    out = Path(__file__).with_name("sectors.jsonl")
    with out.open("w", encoding="utf-8") as handle:
        for code, texts in TEXTS.items():
            assert len(texts) == len(LANGS), code
            for lang, text in zip(LANGS, texts, strict=True):
                item = {"id": f"{code}-{lang}", "text": text, "lang": lang, "gold": code}
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

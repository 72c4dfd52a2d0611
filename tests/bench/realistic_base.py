"""A synthetic customer base that looks like one entered by many hands over years (issue 11 §3).

The bench's own base (``tests/bench/bench.py``) is kind to duplicate detection: 19 first names, 18 surnames,
every person with an email and a unique phone. This one is not:

- names drawn with Zipf frequencies from 80 first names per gender and 250 Spanish-speaking surnames, one or
  two first names, one or two surnames: at 100,000 partners "José García" is shared by dozens of people;
- 10 % of the records without email, 8 % without phone, streets, zip codes and birthdays only sometimes;
- companies whose names share a core ("Ferretería Andina") with different legal forms and no relation;
- ~8 % of the customers entered more than once, in clusters of two to five records: a surname dropped,
  the first name abbreviated ("J. García López"), names swapped, case and accents lost, a typo, the phone
  written nationally or in the other phone field, the email or phone missing, the tax id in another format,
  and some copies linked only by a phone written otherwise (a shop under its owner's name).

Pure Python (no Odoo): :func:`generate` returns the records with their labelled truth — ``entity``, the
customer a record stands for — and :func:`true_pairs` the pairs of records that are copies of each other.
"""

import bisect
import datetime
import io
import random
from typing import NamedTuple

FEMALE = ["María", "Ana", "Luisa", "Carmen", "Rosa", "Laura", "Sofía", "Valentina", "Camila", "Isabella",
          "Daniela", "Gabriela", "Mariana", "Paula", "Natalia", "Andrea", "Carolina", "Alejandra", "Juliana",
          "Diana", "Sandra", "Patricia", "Claudia", "Marcela", "Adriana", "Mónica", "Liliana", "Lorena",
          "Ángela", "Beatriz", "Gloria", "Martha", "Teresa", "Elena", "Lucía", "Verónica", "Ximena", "Fernanda",
          "Catalina", "Manuela", "Antonia", "Jimena", "Paola", "Yolanda", "Esperanza", "Pilar", "Consuelo",
          "Stella", "Nubia", "Gisela", "Johana", "Leidy", "Yésica", "Dayana", "Brenda", "Flor", "Hilda",
          "Zoraida", "Fanny", "Yadira", "Úrsula", "Inés", "Margarita", "Julia", "Victoria", "Silvia", "Raquel",
          "Irene", "Lina", "Estefanía", "Tatiana", "Vanessa", "Karina", "Milena", "Viviana", "Rocío", "Alba",
          "Nelly", "Olga", "Susana"]  # fmt: skip
MALE = ["José", "Juan", "Luis", "Carlos", "Jorge", "Andrés", "Miguel", "Pedro", "Alejandro", "Diego",
        "Santiago", "Sebastián", "Mateo", "Nicolás", "Daniel", "David", "Felipe", "Ricardo", "Fernando",
        "Javier", "Manuel", "Francisco", "Antonio", "Rafael", "Eduardo", "Óscar", "Camilo", "Julián",
        "Mauricio", "Esteban", "Gustavo", "Héctor", "Germán", "Iván", "Fabián", "Hernán", "Leonardo",
        "Orlando", "Rubén", "Tomás", "Vicente", "Álvaro", "Efraín", "Abelardo", "Cristóbal", "Emiliano",
        "Gilberto", "Ignacio", "Kevin", "Milton", "Octavio", "Ramiro", "Teodoro", "Wilson", "Aurelio",
        "Bladimir", "Darío", "Elkin", "Gonzalo", "Jairo", "Wilmer", "Rodrigo", "Alberto", "Enrique", "Arturo",
        "Sergio", "Raúl", "Hugo", "Víctor", "Martín", "Pablo", "Samuel", "Emilio", "Ernesto", "Guillermo",
        "Humberto", "Ramón", "Jaime", "Alfonso", "Marco"]  # fmt: skip
SURNAMES = ["García", "Rodríguez", "González", "Hernández", "López", "Martínez", "Pérez", "Gómez", "Sánchez",
            "Díaz", "Ramírez", "Torres", "Flores", "Rivera", "Morales", "Vargas", "Castro", "Jiménez", "Ruiz",
            "Álvarez", "Romero", "Moreno", "Gutiérrez", "Muñoz", "Rojas", "Ortiz", "Silva", "Mendoza", "Herrera",
            "Medina", "Aguilar", "Suárez", "Castillo", "Chávez", "Ramos", "Vásquez", "Reyes", "Cruz", "Guzmán",
            "Salazar", "Restrepo", "Ospina", "Mejía", "Cárdenas", "Londoño", "Montoya", "Jaramillo", "Zapata",
            "Quintero", "Valencia", "Arango", "Henao", "Giraldo", "Osorio", "Marín", "Cardona", "Betancur",
            "Echeverri", "Uribe", "Correa", "Duque", "Gallego", "Agudelo", "Bedoya", "Castaño", "Posada",
            "Rendón", "Serna", "Trujillo", "Vélez", "Arboleda", "Loaiza", "Mazo", "Tobón", "Upegui", "Vanegas",
            "Rincón", "Sepúlveda", "Tamayo", "Naranjo", "Orozco", "Palacios", "Benavides", "Duarte", "Fajardo",
            "Galindo", "Bermúdez", "Cifuentes", "Escobar", "Franco", "Hoyos", "Ibáñez", "Lozano", "Niño",
            "Ocampo", "Pineda", "Quiroga", "Rivas", "Sarmiento", "Téllez", "Urrego", "Velásquez", "Zuluaga",
            "Acevedo", "Bustamante", "Cortés", "Forero", "Alzate", "Barrientos", "Cañas", "Dávila", "Espinosa",
            "Florez", "Gaviria", "Isaza", "Lara", "Mosquera", "Navarro", "Obando", "Peña", "Rengifo", "Salcedo",
            "Toro", "Usma", "Villegas", "Yepes", "Delgado", "Estrada", "Hurtado", "Largo", "Noreña", "Soto",
            "Durango", "Quintana", "Briceño", "Rondón", "Márquez", "Figueroa", "Contreras", "Sandoval",
            "Carrillo", "Pacheco", "Escalante", "Villalobos", "Montilla", "Colmenares", "Chacón", "Parra",
            "Peraza", "Zambrano", "Mora", "Camacho", "Vera", "Molina", "Ríos", "Núñez", "Campos", "Vega",
            "Cabrera", "Fuentes", "Carrasco", "Miranda", "Rubio", "Marquina", "Ochoa", "Paredes", "Salinas",
            "Acosta", "Aguirre", "Ávila", "Bravo", "Cervantes", "Cuevas", "Domínguez", "Espinoza", "Esquivel",
            "Guerrero", "Ibarra", "Lugo", "Luna", "Maldonado", "Meza", "Montes", "Nava", "Olvera", "Orellana",
            "Padilla", "Ponce", "Quiñones", "Rosales", "Santana", "Solís", "Tapia", "Trejo", "Valdez", "Zamora",
            "Arias", "Becerra", "Calderón", "Cano", "Díez", "Fernández", "Gil", "Iglesias", "León", "Lorenzo",
            "Marcos", "Nieto", "Pascual", "Prieto", "Sáez", "Santos", "Vidal", "Blanco", "Calvo", "Crespo",
            "Garrido", "Herrero", "Montero", "Moya", "Pastor", "Soler", "Velasco", "Aranda", "Ballesteros",
            "Caballero", "Carmona", "Cuesta", "Esteban", "Ferrer", "Gallardo", "Hidalgo", "Lozada", "Manrique",
            "Mesa", "Murillo", "Otero", "Pardo", "Quevedo", "Robles", "Sierra", "Tovar", "Ugarte", "Valero",
            "Zúñiga", "Alarcón", "Bautista", "Cordero", "Escobedo", "Gamboa", "Hinojosa", "Lemus", "Mariño",
            "Olmos", "Patiño"]  # fmt: skip
SECTORS = ["Ferretería", "Panadería", "Distribuidora", "Inversiones", "Comercializadora", "Transportes",
           "Construcciones", "Laboratorios", "Agropecuaria", "Textiles", "Importadora", "Servicios", "Soluciones",
           "Consultores", "Droguería", "Papelería", "Muebles", "Repuestos", "Alimentos", "Café", "Tecnología",
           "Clínica", "Hotel", "Editorial", "Minera", "Pinturas", "Calzado", "Óptica", "Joyería", "Lácteos"]  # fmt: skip
CORES = ["Andina", "del Valle", "El Progreso", "Los Andes", "La Esperanza", "San José", "Santa Fe", "El Sol",
         "La Estrella", "Central", "Nacional", "del Norte", "del Sur", "Oriente", "Occidente", "Caribe",
         "Pacífico", "Horizonte", "Continental", "Moderna", "Universal", "Integral", "Global", "Premium",
         "La Victoria", "El Roble", "Las Palmas", "La Montaña", "El Dorado", "Aurora", "Primavera", "Libertador",
         "Bolívar", "Colonial", "Imperial", "Real", "La Fortuna", "Diamante", "Cóndor", "Jaguar"]  # fmt: skip
# A made-up brand makes most company names distinct, as in real bases; without one, names share their core.
BRAND_SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "vi", "no", "za", "pe", "ba", "do", "ri", "ma", "tu",
                   "ge", "cha", "lu", "fe", "xi", "or", "an", "el", "qui"]  # fmt: skip
LEGAL = {
    "CO": ["S.A.S.", "Ltda.", "S.A."],
    "MX": ["S.A. de C.V.", "S. de R.L. de C.V."],
    "VE": ["C.A.", "S.A."],
}
LEGAL_VARIANT = {"S.A.S.": "SAS", "Ltda.": "LTDA", "S.A.": "SA", "S.A. de C.V.": "SA de CV",
                 "S. de R.L. de C.V.": "S de RL de CV", "C.A.": "CA"}  # fmt: skip
CITIES = {"CO": ["Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga", "Pereira", "Manizales"],
          "MX": ["Ciudad de México", "Puebla", "Monterrey", "Guadalajara", "Querétaro"],
          "VE": ["Caracas", "Maracaibo", "Valencia", "Barquisimeto"]}  # fmt: skip
COUNTRY_WEIGHTS = {"CO": 55, "MX": 28, "VE": 17}
STREET_KINDS = ["Calle", "Carrera", "Avenida", "Transversal", "Diagonal"]
STREET_SHORT = {"Calle": "Cl.", "Carrera": "Cra.", "Avenida": "Av.", "Transversal": "Tv.", "Diagonal": "Dg."}
MAIL_DOMAINS = ["gmail.com", "hotmail.com", "yahoo.es", "outlook.com", "correo.example"]
MOBILES = {
    "CO": (57, [str(p) for p in (*range(300, 306), *range(310, 324), 350, 351)], 7),
    "VE": (58, ["412", "414", "416", "424", "426"], 7),
    "MX": (52, ["55", "33", "81"], 8),
}
ACCENTS = str.maketrans("áéíóúÁÉÍÓÚñÑü", "aeiouAEIOUnNu")

COMPANY_SHARE = 0.15
# Customers entered more than once, and how many records they have then.
DUPLICATED_SHARE = 0.08
CLUSTER_SIZES = {2: 70, 3: 20, 4: 7, 5: 3}
NO_EMAIL, NO_PHONE = 0.10, 0.08


class BenchPartner(NamedTuple):
    """One record of the realistic base; ``entity`` is the customer it stands for (the labelled truth)."""

    entity: int
    name: str
    is_company: bool
    email: str | None
    phone: str | None
    mobile: str | None
    vat: str | None
    street: str | None
    zip: str | None
    city: str
    country: str
    birthday: datetime.date | None
    variant: str  # "original", or what the copy changed ("drop_surname+phone_format", …)


def _zipf_weights(count, exponent=1.0):
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


class _Draw:
    """Zipf draws over the name lists (rank 1 = the most frequent), with a seeded generator."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self._weights = {}

    def zipf(self, items, exponent=1.0):
        key = (id(items), exponent)
        if key not in self._weights:
            cumulative, total = [], 0.0
            for weight in _zipf_weights(len(items), exponent):
                total += weight
                cumulative.append(total)
            self._weights[key] = cumulative
        cumulative = self._weights[key]
        return items[min(bisect.bisect(cumulative, self.rng.random() * cumulative[-1]), len(items) - 1)]


def _mobile(rng, code, serial):
    """A valid mobile number (libphonenumber accepts it), unique per serial: international and its parts."""
    country, prefixes, length = MOBILES[code]
    low, span = 2 * 10 ** (length - 1), 8 * 10 ** (length - 1)
    number = str(low + (serial * 7919) % span)
    prefix = prefixes[serial % len(prefixes)]
    split = length // 2
    return f"+{country} {prefix} {number[:-split]} {number[-split:]}", prefix, number


def _phone_written_otherwise(rng, code, prefix, number):
    """The same mobile as people write it: nationally, with dashes or brackets, the VE trunk zero."""
    trunk = "0" if code == "VE" else ""
    head, tail = number[:-4], number[-4:]
    return rng.choice(
        [f"{trunk}{prefix}-{head}-{tail}", f"({trunk}{prefix}) {head} {tail}", f"{trunk}{prefix}{number}"]
    )


def _vat(rng, code, serial, is_company):
    """A tax id and another way of writing it."""
    if code == "CO" and not is_company:
        # a cédula: no check digit
        body = str(10000000 + serial * 37 % 89999999)
        dotted = f"{int(body):,}".replace(",", ".")
        return dotted, rng.choice([body, f"CC {body}", f"C.C. {dotted}"])
    if code == "CO":
        body = str(900000000 + serial * 37 % 89999999)
        check = serial % 10
        dotted = f"{int(body):,}".replace(",", ".")
        return f"{dotted}-{check}", rng.choice([f"{body}{check}", f"NIT {body}-{check}", f"{body}-{check}"])
    if code == "VE":
        letter = "J" if is_company else "V"
        body = str(10000000 + serial * 41 % 89999999)
        check = serial % 10
        return f"{letter}-{body}-{check}", rng.choice(
            [f"{letter}{body}{check}", f"RIF {letter}-{body}-{check}"]
        )
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3 if is_company else 4))
    digits = f"{(serial * 53) % 1000000:06d}"
    tail = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(3))
    return f"{letters}{digits}{tail}", f"{letters}-{digits}-{tail}".lower()


def _brand(serial):
    n, syllables = (serial * 7919 + 12345) % len(BRAND_SYLLABLES) ** 4, []
    for _ in range(4):
        n, digit = divmod(n, len(BRAND_SYLLABLES))
        syllables.append(BRAND_SYLLABLES[digit])
    return "".join(syllables).capitalize()


def _ascii(text):
    return text.translate(ACCENTS).lower().replace(" ", "")


def _typo(rng, name):
    words = name.split()
    candidates = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not candidates:
        return name
    i = rng.choice(candidates)
    word = words[i]
    pos = rng.randint(1, len(word) - 2)
    if rng.random() < 0.5:
        words[i] = word[:pos] + word[pos + 1 :]
    else:
        words[i] = (
            word[:pos] + rng.choice([c for c in "aeioulnrst" if c != word[pos].lower()]) + word[pos + 1 :]
        )
    return " ".join(words)


def _person(draw, serial, code):
    rng = draw.rng
    names = FEMALE if rng.random() < 0.5 else MALE
    first = [draw.zipf(names, 0.9)]
    if rng.random() < 0.3:
        second = draw.zipf(names, 0.9)
        if second != first[0]:
            first.append(second)
    last = [draw.zipf(SURNAMES, 0.8)]
    if rng.random() < 0.85:
        last.append(draw.zipf(SURNAMES, 0.8))
    email = None
    if rng.random() >= NO_EMAIL:
        email = f"{_ascii(first[0])}.{_ascii(last[0])}{serial}@{rng.choice(MAIL_DOMAINS)}"
    return {"first": first, "last": last, "name": " ".join(first + last), "email": email,
            "birthday": datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 55))
            if rng.random() < 0.35 else None}  # fmt: skip


def _company(draw, serial, code):
    rng = draw.rng
    sector, core = draw.zipf(SECTORS, 0.7), draw.zipf(CORES, 0.9)
    # one in four has no brand of its own: its name shares the core with other companies
    body = f"{sector} {core}" if rng.random() < 0.25 else f"{sector} {_brand(serial)} {core}"
    legal = rng.choice(LEGAL[code])
    email = None
    if rng.random() >= NO_EMAIL:
        email = f"{rng.choice(['ventas', 'info', 'contacto', 'gerencia'])}@{_ascii(core)}{serial}.example"
    return {"body": body, "legal": legal, "name": f"{body} {legal}", "email": email, "birthday": None}


def _street(rng):
    kind = rng.choice(STREET_KINDS)
    return kind, f"{rng.randint(1, 180)}", f"{rng.randint(1, 120)}-{rng.randint(1, 99)}"


def _original(draw, serial):
    rng = draw.rng
    code = rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]
    is_company = rng.random() < COMPANY_SHARE
    who = _company(draw, serial, code) if is_company else _person(draw, serial, code)
    mobile, prefix, number = _mobile(rng, code, serial)
    has_phone = rng.random() >= NO_PHONE
    vat = _vat(rng, code, serial, is_company) if rng.random() < (0.8 if is_company else 0.1) else (None, None)
    street = _street(rng) if rng.random() < (0.85 if is_company else 0.65) else None
    return {
        **who,
        "code": code,
        "is_company": is_company,
        "phone": (mobile, prefix, number) if has_phone else None,
        "vat": vat,
        "street": street,
        "zip": f"{rng.randint(10, 99)}{rng.randint(1000, 9999)}" if street and rng.random() < 0.5 else None,
        "city": rng.choice(CITIES[code]),
    }


def _street_text(street, short=False):
    kind, number, plate = street
    return f"{STREET_SHORT[kind] if short else kind} {number} # {plate}"


def _record(entity, who, name, variant, rng, copy=False):
    """The partner record of ``who`` under ``name``; a copy drops or rewrites its details."""
    changes = []
    email = who["email"]
    phone = mobile = None
    if who["phone"]:
        phone = who["phone"][0]
    vat = who["vat"][0]
    street = _street_text(who["street"]) if who["street"] else None
    zip_code, birthday = who["zip"], who["birthday"]
    if copy:
        roll = rng.random()
        if email and roll < 0.4:
            email, _ = None, changes.append("no_email")
        elif email and roll < 0.5:
            email, _ = f" {email.upper()} ", changes.append("email_case")
        if who["phone"]:
            roll = rng.random()
            if roll < 0.3:
                phone, _ = None, changes.append("no_phone")
            elif roll < 0.75:
                phone, _ = (
                    _phone_written_otherwise(rng, who["code"], *who["phone"][1:]),
                    changes.append("phone_format"),
                )
            if phone and rng.random() < 0.2:
                phone, mobile, _ = None, phone, changes.append("in_mobile")
        if vat:
            vat = rng.choice([None, who["vat"][1]])
        if street:
            roll = rng.random()
            if roll < 0.35:
                street, zip_code = None, None
            elif roll < 0.55:
                street = _street_text(who["street"], short=True)
        if birthday and rng.random() < 0.5:
            birthday = None
    return BenchPartner(entity, name, who["is_company"], email, phone, mobile, vat, street, zip_code, who["city"],
                        who["code"], birthday, "+".join([variant, *changes]))  # fmt: skip


def _copy_name(rng, who):
    """The name of a copy, and what changed in it."""
    if who["is_company"]:
        body, legal = who["body"], who["legal"]
        case = rng.choices(
            ["legal", "no_legal", "case", "accents", "typo", "same"], [30, 20, 15, 15, 10, 10]
        )[0]
        name = {
            "legal": f"{body} {LEGAL_VARIANT[legal]}",
            "no_legal": body,
            "case": f"{body} {legal}".upper(),
            "accents": f"{body} {legal}".translate(ACCENTS),
            "typo": f"{_typo(rng, body)} {legal}",
            "same": f"{body} {legal}",
        }[case]
        return name, case
    first, last = who["first"], who["last"]
    cases = ["drop_surname", "initial", "swap", "case", "accents", "typo", "drop_first", "same"]
    case = rng.choices(cases, [22, 15, 10, 12, 12, 12, 7, 10])[0]
    if case == "drop_surname" and len(last) < 2:
        case = "same"
    if case == "drop_first" and len(first) < 2:
        case = "initial"
    name = {
        "drop_surname": " ".join(first + last[:1]),
        "initial": " ".join([f"{first[0][0]}.", *first[1:], *last]),
        "swap": f"{' '.join(last)}, {' '.join(first)}",
        "case": " ".join(first + last).upper(),
        "accents": " ".join(first + last).translate(ACCENTS),
        "typo": _typo(rng, " ".join(first + last)),
        "drop_first": " ".join(first[:1] + last),
        "same": " ".join(first + last),
    }[case]
    return name, case


def generate(count, seed=2026):
    """``count`` records of the realistic base, the copies of a customer after its original.

    :return: list of :class:`BenchPartner`
    """
    draw = _Draw(seed)
    rng = draw.rng
    sizes, size_weights = list(CLUSTER_SIZES), list(CLUSTER_SIZES.values())
    records, entity = [], 0
    while len(records) < count:
        who = _original(draw, entity)
        records.append(_record(entity, who, who["name"], "original", rng))
        if rng.random() < DUPLICATED_SHARE:
            for _ in range(rng.choices(sizes, size_weights)[0] - 1):
                if len(records) >= count:
                    break
                if who["phone"] and rng.random() < 0.06:
                    # linked only by the phone written otherwise: the shop under its owner's name, or back
                    owner = _person(draw, entity, who["code"])["name"]
                    name = owner if who["is_company"] else f"Tienda {rng.choice(CORES)}"
                    national = _phone_written_otherwise(rng, who["code"], *who["phone"][1:])
                    records.append(BenchPartner(entity, name, not who["is_company"], None, national, None, None,
                                                None, None, who["city"], who["code"], None, "phone_only"))  # fmt: skip
                    continue
                name, case = _copy_name(rng, who)
                records.append(_record(entity, who, name, case, rng, copy=True))
        entity += 1
    return records


def true_pairs(entities):
    """The pairs ``(i, j)`` (i < j) of positions (or ids) that stand for the same customer.

    :param entities: ``{id: entity}``
    :rtype: set[tuple]
    """
    by_entity = {}
    for pid, ent in entities.items():
        by_entity.setdefault(ent, []).append(pid)
    return {
        (min(a, b), max(a, b))
        for members in by_entity.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    }


def insert(cr, count, seed=2026):
    """Insert :func:`generate`'s records as customers with one COPY, and their truth into the table
    ``bench_duplicate_truth (partner_id, entity, variant)`` that the duplicate measures read.

    :param cr: a database cursor (psycopg2) of a database with customer_base installed
    :return: the number of records inserted
    """
    cr.execute("SELECT code, id FROM res_country WHERE code IN ('CO', 'VE', 'MX')")
    country_ids = dict(cr.fetchall())
    buf = io.StringIO()

    def cell(value):
        return "\\N" if value is None else str(value).replace("\t", " ")

    records = generate(count, seed)
    for n, rec in enumerate(records):
        row = (n, rec.entity, rec.variant, rec.name, rec.is_company, rec.email, rec.phone, rec.mobile, rec.vat,
               rec.street, rec.zip, rec.city, country_ids[rec.country], rec.birthday)  # fmt: skip
        buf.write("\t".join(cell(value) for value in row) + "\n")
    buf.seek(0)
    cr.execute(
        "CREATE TEMP TABLE bench_realistic (n int, entity int, variant text, name text, is_company bool, email text,"
        " phone text, mobile text, vat text, street text, zip text, city text, country_id int, birthday date)"
        " ON COMMIT DROP"
    )
    cr.copy_expert("COPY bench_realistic FROM STDIN", buf)
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS bench_duplicate_truth (partner_id int PRIMARY KEY, entity int NOT NULL,
                                                          variant text);
        WITH inserted AS (
            INSERT INTO res_partner (name, complete_name, is_company, email, phone, mobile, vat, street, zip, city,
                                     country_id, customer_birthday, active, type, is_customer, lang, create_uid,
                                     write_uid, create_date, write_date)
            SELECT name, name, is_company, email, phone, mobile, vat, street, zip, city, country_id, birthday, true,
                   'contact', true, 'es_419', 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM bench_realistic ORDER BY n
         RETURNING id
        ), numbered AS (
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM inserted
        )
        INSERT INTO bench_duplicate_truth (partner_id, entity, variant)
        SELECT numbered.id, r.entity, r.variant FROM numbered JOIN bench_realistic r ON r.n = numbered.n
        """
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    cr.execute("ANALYZE res_partner")
    return len(records)

"""Duplicate detection (issue 5 §1–2): the install-time fill of the match keys, P1 and P2.

- ``duplicate_scan_batch``: the background scan of the whole database, timed on its first batch.
- ``duplicate_scan_full`` (P2): ~3% noisy duplicates planted, the whole scan timed, recall and pair precision
  against the planted truth, next to the stock merge wizard's name and email criteria on the same data.
- ``duplicate_key_fill``: what installing the module does on a database that already has N partners (the
  bench partners are inserted by COPY, without keys): the batched SQL fill of the six keys, then the build
  of their btree indexes and of the trigram GIN and GiST indexes. Reports seconds and rows/s.
- ``customer_find_duplicates`` (P1): a salesperson (record rules apply) asks for the duplicates of a new
  partner — realistic values: a new person with a name, phone and email, one in three a real duplicate
  (an existing partner's phone written nationally and its name with the words swapped). It runs first and
  fills and commits the keys of the COPY partners once per bench database.

On a realistic base (``setup/bench --base realistic``, see ``tests/bench/realistic_base.py``) the same
measures run on its records: P2 against its labelled truth (table ``bench_duplicate_truth``) instead of
planted pairs, P1 with new people drawn from its Zipf names (namesakes of many customers) and copies of its
customers written otherwise.
"""

import random
import time

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from tests.bench import realistic_base
from tests.bench.bench import CITIES, FIRST, LAST, measure, mobile_number, timed

from odoo.addons.customer_base.tools.match_keys import KEY_FIELDS, TRIGRAM_INDEX, TRIGRAM_KNN_INDEX

TRIGRAM_INDEXES = (TRIGRAM_INDEX, TRIGRAM_KNN_INDEX)


def _prepare_keys(env):
    """Fill and commit the keys of the partners inserted by COPY, once per bench database, as installing the
    module on an existing database does; then refresh the planner's statistics. Done in a transaction of its
    own so that P1 runs on committed, analysed keys; the measures' transaction then starts over (its
    snapshot predates the keys, and everything in it is rolled back at the end anyway)."""
    # asked in the measures' transaction: an earlier measure may hold a lock on res_partner (the key fill
    # drops indexes) that a second cursor would wait for; after it, every key is there
    env.cr.execute("SELECT 1 FROM res_partner WHERE customer_name_key IS NULL AND name IS NOT NULL LIMIT 1")
    if not env.cr.fetchone():
        return
    with env.registry.cursor() as cr:
        api.Environment(cr, SUPERUSER_ID, {})["res.partner"]._customer_fill_duplicate_keys(only_missing=True)
        cr.commit()
        cr.execute("ANALYZE res_partner")
    env.cr.rollback()
    env.invalidate_all()


def _is_realistic(env):
    """Whether the bench database holds the realistic base (its labelled truth)."""
    env.cr.execute("SELECT to_regclass('bench_duplicate_truth') IS NOT NULL")
    return env.cr.fetchone()[0]


def _realistic_samples(env, rng, count):
    """P1 values on the realistic base: two in three a new person drawn from its Zipf names (so a namesake of
    many customers), with a new phone and (mostly) an email; one in three an existing customer written
    otherwise: a surname dropped or the first name abbreviated, the phone written nationally, no email."""
    env.cr.execute(
        "SELECT p.name, p.phone, p.country_id, c.code FROM res_partner p JOIN res_country c ON c.id = p.country_id"
        " JOIN bench_duplicate_truth t ON t.partner_id = p.id"
        " WHERE NOT p.is_company AND p.phone LIKE '+%%' ORDER BY p.id DESC LIMIT 2000"
    )
    existing = env.cr.fetchall()
    country_ids = {code: cid for _n, _p, cid, code in existing}
    draw = realistic_base._Draw(rng.randint(1, 10**6))
    samples = []
    for i in range(count):
        if rng.random() < 1 / 3:
            name, phone, country_id, _code = rng.choice(existing)
            words = name.split()
            if len(words) > 2 and rng.random() < 0.5:
                words = words[:-1]
            else:
                words[0] = f"{words[0][0]}."
            digits = "".join(ch for ch in phone if ch.isdigit())
            samples.append({"name": " ".join(words), "phone": digits[2:], "country_id": country_id})
            continue
        code = rng.choice(list(country_ids))
        person = realistic_base._person(draw, 7_000_000 + i, code)
        samples.append({"name": person["name"], "email": person["email"], "country_id": country_ids[code],
                        "phone": realistic_base._mobile(rng, code, 7_000_000 + i)[0]})  # fmt: skip
    return samples


def _bench_user(env):
    user = env["res.users"].search([("login", "=", "bench_dup_vendedor")])
    return user or env["res.users"].create(
        {"name": "Bench Dup Vendedor", "login": "bench_dup_vendedor",
         "groups_id": [(6, 0, [env.ref("customer_base.group_customer_salesperson").id])]}
    )  # fmt: skip


def _new_partner_values(env, rng, country_ids, existing):
    """Values of a partner being created: a new person, or (one in three) an existing one written otherwise."""
    if existing and rng.random() < 1 / 3:
        name, phone, country_id = rng.choice(existing)
        words = name.split()
        digits = "".join(ch for ch in phone if ch.isdigit())
        return {"name": " ".join(words[1:] + words[:1]), "phone": digits[2:], "country_id": country_id}
    code = rng.choice(list(CITIES))
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
    return {
        "name": name,
        "phone": mobile_number(rng, code)[0],
        "email": f"nuevo{rng.randint(1, 10**9)}@example.org",
        "country_id": country_ids[code],
        "city": rng.choice(CITIES[code]),
    }


def _time_find_duplicates(partners, samples, repeat):
    """p50/p95 of ``customer_find_duplicates`` over ``samples`` after five warm-up calls (rules and access
    cached, as a running server has them), with the mean number of matches."""
    found = []
    for values in samples[:5]:
        partners.customer_find_duplicates(values)
    todo = iter(samples[5:])
    result = timed(lambda: found.append(len(partners.customer_find_duplicates(next(todo)))), repeat)
    result["mean_matches"] = round(sum(found) / len(found), 2)
    return result


@measure("customer_find_duplicates")
def _measure_find_duplicates(env, ctx):
    """P1: customer_find_duplicates for a new partner, as a salesperson; goal p95 <= 20 ms at 1M partners."""
    _prepare_keys(env)
    user = _bench_user(env)
    env.cr.execute("SELECT code, id FROM res_country WHERE code IN ('CO', 'VE', 'MX')")
    country_ids = dict(env.cr.fetchall())
    env.cr.execute(
        "SELECT name, phone, country_id FROM res_partner WHERE phone IS NOT NULL ORDER BY id DESC LIMIT 2000"
    )
    existing = env.cr.fetchall()
    rng = random.Random(5)
    partners = env["res.partner"].with_user(user)
    if _is_realistic(env):
        samples = _realistic_samples(env, rng, ctx["repeat"] + 5)
    else:
        samples = [_new_partner_values(env, rng, country_ids, existing) for _ in range(ctx["repeat"] + 5)]
    return _time_find_duplicates(partners, samples, ctx["repeat"])


@measure("customer_find_duplicates_typo")
def _measure_find_duplicates_typo(env, ctx):
    """P1, worst case: the new partner's name is an existing one with a typo, so no name is equal and the
    trigram probe runs every time; phone and email are new."""
    _prepare_keys(env)
    partners = env["res.partner"].with_user(_bench_user(env))
    env.cr.execute(
        "SELECT p.name, p.country_id, c.code FROM res_partner p JOIN res_country c ON c.id = p.country_id"
        " WHERE p.phone IS NOT NULL ORDER BY p.id DESC LIMIT 2000"
    )
    existing = env.cr.fetchall()
    rng = random.Random(7)
    samples = []
    for _ in range(ctx["repeat"] + 5):
        name, country_id, code = rng.choice(existing)
        words = name.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        pos = len(word) // 2
        words[longest] = word[:pos] + ("x" if word[pos] != "x" else "y") + word[pos + 1 :]
        samples.append({"name": " ".join(words), "phone": mobile_number(rng, code)[0],
                        "email": f"typo{rng.randint(1, 10**9)}@example.org", "country_id": country_id})  # fmt: skip
    return _time_find_duplicates(partners, samples, ctx["repeat"])


@measure("duplicate_scan_batch")
def _measure_scan_batch(env, ctx):
    """The whole-database scan: its first batch (every rule, groups written: 100,000 customers, or all of a
    smaller database); reports partners/s, from which the time of a full scan follows (P2 times all of it)."""
    _prepare_keys(env)
    scan = env["customer.duplicate.scan"].create({"name": "Bench"})
    scan.action_start()
    start = time.perf_counter()
    scan._customer_run_batch()
    env.flush_all()
    seconds = time.perf_counter() - start
    return {
        "partners": scan.partner_done,
        "seconds": round(seconds, 2),
        "partners_per_s": round(scan.partner_done / seconds) if seconds else None,
        "groups": scan.group_count,
        "full_scan_estimate_s": round(scan.partner_total * seconds / scan.partner_done)
        if scan.partner_done
        else None,
        "p50_ms": round(seconds * 1000 / max(scan.partner_done, 1), 2),
    }


@measure("duplicate_key_fill", last=True)
def _measure_key_fill(env, ctx):
    """Keys of all partners computed in SQL batches, then their indexes built, as at install."""
    cr = env.cr
    indexes = [f"res_partner__{fname}_index" for fname in KEY_FIELDS] + list(TRIGRAM_INDEXES)
    cr.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [indexes])
    definitions = cr.fetchall()
    for name, _definition in definitions:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    cr.execute(
        "UPDATE res_partner SET customer_name_key = NULL, customer_name_core_key = NULL, customer_phone_key = NULL,"
        " customer_mobile_key = NULL, customer_email_key = NULL, customer_vat_key = NULL"
    )
    start = time.perf_counter()
    rows = env["res.partner"]._customer_fill_duplicate_keys()
    fill_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for _name, definition in definitions:
        cr.execute(definition)  # the definitions PostgreSQL gave back
    index_seconds = time.perf_counter() - start
    cr.execute("ANALYZE res_partner")
    return {
        "rows": rows,
        "fill_seconds": round(fill_seconds, 1),
        "rows_per_s": round(rows / fill_seconds) if fill_seconds else None,
        "index_seconds": round(index_seconds, 1),
        "p50_ms": round(fill_seconds * 1000),
    }


# --- P2: the whole-database scan against planted noisy duplicates ----------------------------------------
P2_FIRST = ["María", "José", "Luisa", "Andrés", "Camilo", "Fernanda", "Julián", "Natalia", "Sebastián", "Ximena",
            "Rodrigo", "Verónica", "Mauricio", "Lorena", "Esteban", "Catalina", "Gustavo", "Adriana", "Héctor",
            "Mónica", "Nicolás", "Patricia", "Óscar", "Liliana", "Germán", "Yolanda", "Wilmer", "Yésica", "Iván",
            "Beatriz", "Fabián", "Gloria", "Hernán", "Jimena", "Leonardo", "Marcela", "Orlando", "Pilar", "Rubén",
            "Sandra", "Tomás", "Ángela", "Vicente", "Zoraida", "Álvaro", "Claudia", "Efraín", "Gisela", "Abelardo",
            "Brenda", "Cristóbal", "Dayana", "Emiliano", "Flor", "Gilberto", "Hilda", "Ignacio", "Johana", "Kevin",
            "Leidy", "Milton", "Nubia", "Octavio", "Paola", "Ramiro", "Stella", "Teodoro", "Úrsula", "Wilson",
            "Yadira", "Aurelio", "Bladimir", "Consuelo", "Darío", "Elkin", "Fanny", "Gonzalo", "Jairo"]  # fmt: skip
P2_LAST = ["Aguilar", "Benavides", "Cárdenas", "Duarte", "Echeverri", "Fajardo", "Galindo", "Henao", "Jaramillo",
           "Londoño", "Montoya", "Naranjo", "Orozco", "Palacios", "Quintero", "Rincón", "Sepúlveda", "Tamayo",
           "Uribe", "Valencia", "Zapata", "Arango", "Bermúdez", "Cifuentes", "Escobar", "Franco", "Guzmán",
           "Hoyos", "Ibáñez", "Lozano", "Muñoz", "Niño", "Ocampo", "Pineda", "Quiroga", "Rivas", "Sarmiento",
           "Téllez", "Urrego", "Velásquez", "Zuluaga", "Acevedo", "Bustamante", "Cortés", "Díaz", "Forero",
           "Alzate", "Barrientos", "Cañas", "Dávila", "Espinosa", "Florez", "Gaviria", "Herrera", "Isaza", "Jiménez",
           "Lara", "Mosquera", "Navarro", "Obando", "Peña", "Rengifo", "Salcedo", "Toro", "Usma", "Villegas",
           "Yepes", "Agudelo", "Bedoya", "Castaño", "Delgado", "Estrada", "Giraldo", "Hurtado", "Largo", "Marín",
           "Noreña", "Osorio", "Posada", "Rendón", "Serna", "Trujillo", "Vélez", "Arboleda", "Betancur", "Correa",
           "Durango", "Gallego", "Loaiza", "Mazo", "Quintana", "Rojas", "Soto", "Tobón", "Upegui", "Vanegas"]  # fmt: skip
P2_SECTOR = ["Ferretería", "Panadería", "Distribuidora", "Inversiones", "Comercializadora", "Transportes",
             "Construcciones", "Laboratorios", "Agropecuaria", "Textiles", "Importadora", "Servicios", "Soluciones",
             "Consultores", "Droguería", "Papelería", "Muebles", "Repuestos", "Alimentos", "Café", "Tecnología",
             "Clínica", "Hotel", "Editorial", "Minera", "Pinturas", "Calzado", "Óptica", "Joyería", "Lácteos"]  # fmt: skip
P2_SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "vi", "no", "za", "pe", "ba", "do", "ri", "ma", "tu", "ge", "ño",
                "cha", "lu", "fe", "xi", "or", "an", "el"]  # fmt: skip
P2_LEGAL = {
    "CO": ["S.A.S.", "Ltda.", "S.A."],
    "MX": ["S.A. de C.V.", "S. de R.L. de C.V."],
    "VE": ["C.A.", "S.A."],
}
P2_LEGAL_VARIANT = {"S.A.S.": "SAS", "Ltda.": "LTDA", "S.A.": "SA", "S.A. de C.V.": "SA de CV",
                    "S. de R.L. de C.V.": "S de RL de CV", "C.A.": "CA"}  # fmt: skip
# The noise of a planted duplicate, and its share: a fifth are linked only by a phone written otherwise.
P2_CASES = [("case", 12), ("accents", 12), ("punctuation", 12), ("legal_or_swap", 12), ("typo", 16),
            ("swap_or_legal", 10), ("phone_only", 20), ("email_only", 6)]  # fmt: skip
ACCENTS = str.maketrans("áéíóúÁÉÍÓÚñÑü", "aeiouAEIOUnNu")


def _p2_phone(rng, code, serial):
    """A mobile number of the country, international, and the same number written as people do; numbers
    of the base (serials below 5 million) and of other identities are never the same."""
    international, area, rest = mobile_number(rng, code, serial=5_000_000 + serial)
    head, tail = rest[:-4], rest[-4:]
    trunk = "0" if code == "VE" else ""
    return international, rng.choice(
        [f"{trunk}{area}-{head}-{tail}", f"({trunk}{area}) {head} {tail}", f"{trunk}{area}{rest}"]
    )


def _p2_typo(rng, name):
    """One letter substituted or deleted, inside a word of at least four letters."""
    words = name.split()
    candidates = [i for i, word in enumerate(words) if len(word) >= 4 and word.isalpha()]
    if not candidates:
        return name + "x"
    i = rng.choice(candidates)
    word = words[i]
    pos = rng.randint(1, len(word) - 1)
    if rng.random() < 0.5:
        words[i] = word[:pos] + word[pos + 1 :]
    else:
        letter = rng.choice([c for c in "abcdefghilmnoprstuv" if c != word[pos].lower()])
        words[i] = word[:pos] + letter + word[pos + 1 :]
    return " ".join(words)


def _p2_brand(serial):
    """A made-up brand, different for every serial: three syllables (four past the 13,824 that three give)
    spelling the serial in base 24, scrambled so that consecutive serials look unrelated."""
    count = 3 if serial < len(P2_SYLLABLES) ** 3 else 4
    n, syllables = (serial * 7919 + 12345) % len(P2_SYLLABLES) ** count, []
    for _ in range(count):
        n, digit = divmod(n, len(P2_SYLLABLES))
        syllables.append(P2_SYLLABLES[digit])
    return "".join(syllables).capitalize()


def _p2_identity(rng, code, serial):
    """An original customer: a person (first names, last names) or a company (sector, brand, legal form)."""
    phone, variant = _p2_phone(rng, code, serial)
    if rng.random() < 0.5:
        first = " ".join(rng.sample(P2_FIRST, rng.choice([1, 2])))
        last = " ".join(rng.sample(P2_LAST, 2))
        email = f"{first.split()[0].translate(ACCENTS).lower()}.{last.split()[0].translate(ACCENTS).lower()}{serial}@correo.example"  # noqa: E501
        return {"person": True, "first": first, "last": last, "name": f"{first} {last}", "phone": phone,
                "phone_variant": variant, "email": email}  # fmt: skip
    brand = _p2_brand(serial)
    legal = rng.choice(P2_LEGAL[code])
    name = f"{rng.choice(P2_SECTOR)} {brand} {rng.choice(P2_LAST)} {legal}"
    return {"person": False, "name": name, "legal": legal, "phone": phone, "phone_variant": variant,
            "email": f"ventas{serial}@{brand.lower()}{serial}.example"}  # fmt: skip


def _p2_duplicate(rng, identity):
    """The noisy duplicate of ``identity``: its name (and phone or email) written otherwise; returns
    ``(case, name, is_company, phone, email)``."""
    case = rng.choices([c for c, _w in P2_CASES], weights=[w for _c, w in P2_CASES])[0]
    name, person = identity["name"], identity["person"]
    if case in ("legal_or_swap", "swap_or_legal"):
        case = "swap" if person else "legal"
    if case == "case":
        name = rng.choice([name.upper(), name.lower()])
    elif case == "accents":
        stripped = name.translate(ACCENTS)
        name = stripped if stripped != name else name.upper()
    elif case == "punctuation":
        words = name.split()
        if person:
            name = f"{words[0]}-{' '.join(words[1:])}." if len(words) > 2 else f"{words[0]}, {words[1]}"
        else:
            name = name.replace(" ", "-", 1).replace(".", "") + "."
    elif case == "legal":
        legal = identity["legal"]
        name = name.replace(legal, rng.choice([P2_LEGAL_VARIANT[legal], ""])).strip()
    elif case == "typo":
        name = _p2_typo(rng, name)
    elif case == "swap":
        name = rng.choice(
            [f"{identity['last']} {identity['first']}", f"{identity['last']}, {identity['first']}"]
        )
    phone = email = None
    if case == "phone_only":
        # another name for the same customer: the owner of a company, a relative of a person
        name = f"{rng.choice(P2_FIRST)} {' '.join(rng.sample(P2_LAST, 2))}"
        phone = identity["phone_variant"]
    elif case == "email_only":
        # a trade name for a company, first name and first last name for a person
        name = (
            identity["name"].split()[1]
            if not person
            else f"{identity['first'].split()[0]} {identity['last'].split()[0]}"
        )
        email = f"  {identity['email'].upper()} " if rng.random() < 0.5 else identity["email"].capitalize()
    return case, name, not person, phone, email


def _p2_plant(env, share, seed=11):
    """Plant noisy duplicates: ``share`` of the partners become distinct original customers (person or
    company, rewritten in place), each with one noisy duplicate inserted; keys filled as at install.

    :return: ``(truth {(original, duplicate): case}, {case: count}, planted ids)``
    """
    cr = env.cr
    rng = random.Random(seed)
    cr.execute("SELECT code, id FROM res_country WHERE code IN ('CO', 'VE', 'MX')")
    country_ids = dict(cr.fetchall())
    cr.execute(
        "SELECT id FROM res_partner WHERE type = 'contact' AND active AND name LIKE '%% %% %%' ORDER BY id"
    )
    base_ids = [row[0] for row in cr.fetchall()]
    count = max(4, int(len(base_ids) * share))
    originals = sorted(rng.sample(base_ids, count))
    rows, dups, cases = [], [], {}
    for serial, pid in enumerate(originals):
        code = rng.choice(list(CITIES))
        identity = _p2_identity(rng, code, serial)
        city = rng.choice(CITIES[code])
        rows.append((pid, identity["name"], not identity["person"], identity["phone"], identity["email"], city,
                     country_ids[code]))  # fmt: skip
        case, name, is_company, phone, email = _p2_duplicate(rng, identity)
        cases[case] = cases.get(case, 0) + 1
        dups.append((name, is_company, phone, email, city, country_ids[code], pid, case))
    columns = list(zip(*rows, strict=True))
    cr.execute(
        """
        UPDATE res_partner p
           SET name = v.name, complete_name = v.name, is_company = v.is_company, phone = v.phone, email = v.email,
               city = v.city, country_id = v.country_id, customer_name_key = NULL, customer_name_core_key = NULL,
               customer_phone_key = NULL, customer_mobile_key = NULL, customer_email_key = NULL,
               customer_vat_key = NULL
          FROM unnest(%s::int[], %s::varchar[], %s::bool[], %s::varchar[], %s::varchar[], %s::varchar[], %s::int[])
               AS v(id, name, is_company, phone, email, city, country_id)
         WHERE p.id = v.id
        """,
        [list(column) for column in columns],
    )
    columns = list(zip(*dups, strict=True))[:7]
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, phone, email, city, country_id, active, type,
                                 is_customer, lang, create_uid, write_uid, create_date, write_date)
        SELECT v.name, v.name, v.is_company, v.phone, v.email, v.city, v.country_id, true, 'contact', true, 'en_US', 1,
               1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::varchar[], %s::bool[], %s::varchar[], %s::varchar[], %s::varchar[], %s::int[],
                      %s::int[]) WITH ORDINALITY AS v(name, is_company, phone, email, city, country_id, original, n)
      ORDER BY v.n
        RETURNING id
        """,
        [list(column) for column in columns],
    )
    dup_ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    env.invalidate_all()
    env["res.partner"]._customer_fill_duplicate_keys(only_missing=True)
    cr.execute("ANALYZE res_partner")
    truth = {(min(o, d), max(o, d)): dup[7] for o, d, dup in zip(originals, dup_ids, dups, strict=True)}
    return truth, cases, set(originals) | set(dup_ids)


def _p2_quality(groups, truth, planted):
    """Recall and pair precision of ``groups`` (lists of partner ids) against the planted ``truth`` pairs.

    A group of k customers proposes its k(k-1)/2 pairs; precision is the share of them that are planted
    pairs, overall and over the pairs that involve at least one planted customer (pairs between two base
    customers come from the base generator repeating first and last names: ~160 partners per name at 1M)."""
    group_of = {}
    total = involving = base_pairs = largest = 0
    for index, members in enumerate(groups):
        members = set(members)
        largest = max(largest, len(members))
        for pid in members:
            group_of.setdefault(pid, set()).add(index)
        k, p = len(members), len(members & planted)
        total += k * (k - 1) // 2
        involving += p * (p - 1) // 2 + p * (k - p)
        base_pairs += (k - p) * (k - p - 1) // 2
    missed = {}
    for (a, b), case in truth.items():
        if not group_of.get(a, set()) & group_of.get(b, set()):
            missed[case] = missed.get(case, 0) + 1
    found = len(truth) - sum(missed.values())
    return {
        "recall": round(found / len(truth), 4) if truth else None,
        "precision": round(found / total, 4) if total else None,
        "precision_planted": round(found / involving, 4) if involving else None,
        "groups": len(groups),
        "max_group": largest,
        "pairs": total,
        "pairs_base_only": base_pairs,
        "found": found,
        "missed_by_case": dict(sorted(missed.items())),
    }


def _p2_scan(env, truth, planted):
    """A whole-database scan to the end: seconds, batches, customers scanned and its quality."""
    scan = env["customer.duplicate.scan"].create({"name": "Bench P2"})
    start = time.perf_counter()
    scan.action_start()
    batches = 0
    while scan.state == "running":
        scan._customer_run_batch()
        batches += 1
    env.flush_all()
    seconds = time.perf_counter() - start
    env.cr.execute(
        """
        SELECT array_agg(r.partner_id) FROM customer_duplicate_group g
          JOIN customer_duplicate_group_partner_rel r ON r.group_id = g.id
         WHERE g.state = 'pending' GROUP BY g.id
        """
    )
    quality = _p2_quality([row[0] for row in env.cr.fetchall()], truth, planted)
    quality["skipped_candidates"] = scan.skipped_candidates  # what the scan's bounds left out
    return seconds, batches, scan.partner_done, quality


@measure("duplicate_scan_full")
def _measure_scan_full(env, ctx):
    """P2: plant ~3% noisy duplicates (case, accents, punctuation, legal forms, typos, swapped names, phones
    written otherwise), then time the whole-database scan to the end and measure recall and pair precision
    against the planted truth; next to it the stock merge wizard's name and email criteria (their SQL, as
    ``_generate_query`` builds it) on the same data. Everything is rolled back by the bench."""
    _prepare_keys(env)
    if _is_realistic(env):
        return _scan_realistic(env)
    start = time.perf_counter()
    truth, cases, planted = _p2_plant(env, 0.03)
    plant_seconds = time.perf_counter() - start
    cr = env.cr
    seconds, batches, done, ours = _p2_scan(env, truth, planted)
    result = {
        "planted_pairs": len(truth),
        "cases": cases,
        "plant_seconds": round(plant_seconds, 1),
        "seconds": round(seconds, 1),
        "batches": batches,
        "partners_per_s": round(done / seconds) if seconds else None,
        **ours,
        "p50_ms": round(seconds * 1000),
    }
    # The same scan where different contact details do not exclude a name match: what that option buys.
    cr.execute("DELETE FROM customer_duplicate_group")
    env.invalidate_all()
    env.ref("customer_base.duplicate_rule_name").exclude_conflicts = False
    seconds, _batches, _done, loose = _p2_scan(env, truth, planted)
    result["names_without_exclusion"] = {"seconds": round(seconds, 1), **loose}
    wizard = env["base.partner.merge.automatic.wizard"]
    stock_groups = []
    for criterion in ("name", "email"):
        query = wizard._generate_query([criterion], maximum_group=0)
        start = time.perf_counter()
        cr.execute(query)  # pylint: disable=sql-injection
        groups = [row[1] for row in cr.fetchall()]
        elapsed = time.perf_counter() - start
        stock_groups += groups
        stock = _p2_quality(groups, truth, planted)
        result[f"stock_{criterion}"] = {"seconds": round(elapsed, 1), **stock}
    both = _p2_quality(stock_groups, truth, planted)
    result["stock_name_or_email_recall"] = both["recall"]
    return result


def _realistic_truth(env):
    """The labelled pairs of the realistic base ``{(a, b): variant of the copy}`` and every labelled id."""
    env.cr.execute("SELECT partner_id, entity, variant FROM bench_duplicate_truth")
    rows = env.cr.fetchall()
    variant = {pid: var for pid, _entity, var in rows}
    pairs = realistic_base.true_pairs({pid: entity for pid, entity, _var in rows})
    truth = {}
    for a, b in pairs:
        # named after what the later record changed ("drop_surname+no_email"): its first change
        truth[(a, b)] = variant[b].split("+")[0] if variant[b] != "original" else variant[a].split("+")[0]
    return truth, set(variant)


def _scan_realistic(env):
    """P2 on the realistic base: the whole scan against its labelled truth, then the stock wizard's name and
    email criteria on the same data."""
    truth, labelled = _realistic_truth(env)
    seconds, batches, done, ours = _p2_scan(env, truth, labelled)
    result = {
        "base": "realistic",
        "true_pairs": len(truth),
        "seconds": round(seconds, 1),
        "batches": batches,
        "partners_per_s": round(done / seconds) if seconds else None,
        **ours,
        "p50_ms": round(seconds * 1000),
    }
    wizard = env["base.partner.merge.automatic.wizard"]
    for criterion in ("name", "email"):
        query = wizard._generate_query([criterion], maximum_group=0)
        start = time.perf_counter()
        env.cr.execute(query)  # pylint: disable=sql-injection
        groups = [row[1] for row in env.cr.fetchall()]
        stock = _p2_quality(groups, truth, labelled)
        result[f"stock_{criterion}"] = {
            "seconds": round(time.perf_counter() - start, 1),
            **{key: stock[key] for key in ("recall", "precision", "pairs", "max_group")},
        }
    return result

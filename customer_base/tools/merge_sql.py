# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SQL of the customer merge: catalog queries and the statements that move, drop and restore rows.

Pure helpers: they take a cursor or return ``odoo.tools.SQL`` objects; no ORM. Identifiers come from
the PostgreSQL catalog and go through ``SQL.identifier``; every value is a parameter.
"""

from odoo.tools import SQL

LOG_LINE_TABLE = "customer_merge_log_line"


def foreign_keys_to(cr, table):
    """Single-column foreign keys pointing at ``table``, read from the catalog now (so tables of
    modules installed later are included): a list of ``(table, column, has_id)``."""
    cr.execute(
        """
        SELECT src.relname, att.attname,
               EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = src.oid AND a.attname = 'id' AND NOT a.attisdropped)
          FROM pg_constraint con
          JOIN pg_class src ON src.oid = con.conrelid
          JOIN pg_namespace ns ON ns.oid = src.relnamespace
          JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
         WHERE con.contype = 'f'
           AND con.confrelid = %s::regclass
           AND array_length(con.conkey, 1) = 1
           AND ns.nspname = current_schema()
      ORDER BY src.relname, att.attname
        """,
        [table],
    )
    return cr.fetchall()


def cascading_children(cr, table):
    """Single-column foreign keys ON DELETE CASCADE pointing at ``table``: ``(table, column, has_id)``."""
    cr.execute(
        """
        SELECT src.relname, att.attname,
               EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = src.oid AND a.attname = 'id' AND NOT a.attisdropped)
          FROM pg_constraint con
          JOIN pg_class src ON src.oid = con.conrelid
          JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
         WHERE con.contype = 'f' AND con.confdeltype = 'c'
           AND con.confrelid = %s::regclass
           AND array_length(con.conkey, 1) = 1
        """,
        [table],
    )
    return cr.fetchall()


def unique_indexes(cr, tables):
    """Unique indexes (primary keys included) on plain columns of ``tables``:
    ``{table: [(name, [columns], predicate or None)]}``; expression indexes are left out."""
    if not tables:
        return {}
    cr.execute(
        """
        SELECT tbl.relname, idx.relname,
               ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.n),
               pg_get_expr(i.indpred, i.indrelid)
          FROM pg_index i
          JOIN pg_class tbl ON tbl.oid = i.indrelid
          JOIN pg_class idx ON idx.oid = i.indexrelid
          JOIN pg_namespace ns ON ns.oid = tbl.relnamespace
         WHERE i.indisunique AND i.indexprs IS NULL
           AND ns.nspname = current_schema()
           AND tbl.relname = ANY(%s)
        """,
        [list(tables)],
    )
    result = {}
    for table, name, columns, predicate in cr.fetchall():
        result.setdefault(table, []).append((name, columns, predicate))
    return result


def table_columns(cr, table):
    """The column names of ``table``, in order."""
    cr.execute(
        """
        SELECT a.attname FROM pg_attribute a
         WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum
        """,
        [table],
    )
    return [name for (name,) in cr.fetchall()]


def _same_row(table, columns):
    """``table``'s row equals the row ``r`` rebuilt from a log line (column by column, so that the
    indexes of ``table`` serve)."""
    return SQL(" AND ").join(SQL("%s = r.%s", SQL.identifier(table, c), SQL.identifier(c)) for c in columns)


def column_type(cr, table, column):
    """The SQL type of ``table.column`` as text, e.g. ``integer``."""
    cr.execute(
        """
        SELECT format_type(a.atttypid, a.atttypmod)
          FROM pg_attribute a
         WHERE a.attrelid = %s::regclass AND a.attname = %s
        """,
        [table, column],
    )
    row = cr.fetchone()
    return row[0] if row else None


def tables_holding(cr, pairs, values):
    """Which of the ``(table, column)`` pairs hold at least one row whose column is in ``values``:
    one statement for all of them."""
    if not pairs:
        return set()
    probes = [
        SQL(
            "SELECT %s, %s WHERE EXISTS (SELECT 1 FROM %s WHERE %s = ANY(%s))",
            table,
            column,
            SQL.identifier(table),
            SQL.identifier(column),
            list(values),
        )
        for table, column in pairs
    ]
    cr.execute(SQL(" UNION ALL ").join(probes))
    return set(cr.fetchall())


def _filter(table, extra):
    """``extra`` is a list of (column, value) equalities narrowing the rows of ``table``; a value of
    None means the column is empty."""
    conditions = [
        SQL("%s IS NULL", SQL.identifier(table, column))
        if value is None
        else SQL("%s = %s", SQL.identifier(table, column), value)
        for column, value in extra
    ]
    return SQL(" AND ").join(conditions or [SQL("TRUE")])


def row_key(table, has_id):
    """How a row of ``table`` is identified in the merge statements: its id, else its ctid."""
    return SQL.identifier(table, "id") if has_id else SQL("%s::text", SQL.identifier(table, "ctid"))


def conflicts_query(table, column, has_id, others, predicate, old_values, new_value, extra=()):
    """Rows that moving ``column`` from ``old_values`` to ``new_value`` would make collide on the
    unique index over ``column`` + ``others``: ``(row key, keeper key)``. Per group of colliding rows
    the keeper is the row already on ``new_value``, else the one with the lowest old value."""
    tbl = SQL.identifier(table)
    col = SQL.identifier(table, column)
    key = row_key(table, has_id)
    partition = SQL(", ").join(SQL.identifier(table, other) for other in others) if others else SQL("true")
    not_null = [SQL("%s IS NOT NULL", SQL.identifier(table, other)) for other in others]
    conditions = [SQL("%s = ANY(%s)", col, [*old_values, new_value]), _filter(table, extra), *not_null]
    if predicate:
        conditions.append(SQL(f"({predicate})"))  # catalog text of the partial index, not user input
    return SQL(
        """
        SELECT cbm_key, cbm_keeper FROM (
            SELECT %(key)s AS cbm_key, %(col)s AS cbm_value,
                   first_value(%(key)s) OVER (PARTITION BY %(partition)s
                                              ORDER BY %(col)s = %(new)s DESC, %(col)s) AS cbm_keeper,
                   count(*) OVER (PARTITION BY %(partition)s) AS cbm_count
              FROM %(tbl)s
             WHERE %(where)s
        ) grouped
         WHERE cbm_count > 1 AND cbm_key <> cbm_keeper AND cbm_value <> %(new)s
        """,
        key=key,
        col=col,
        partition=partition,
        new=new_value,
        tbl=tbl,
        where=SQL(" AND ").join(conditions),
    )


def _line_columns():
    return SQL(
        "log_id, sequence, kind, table_name, column_name, row_id, row_data, old_value, new_value, "
        "create_uid, write_uid, create_date, write_date"
    )


def record_rows_query(table, has_id, where, log_id, sequence, uid, kind="delete", column=None):
    """Copy the rows of ``table`` matching ``where`` into the log lines (whole row as JSON)."""
    tbl = SQL.identifier(table)
    return SQL(
        """
        INSERT INTO %(lines)s (%(cols)s)
        SELECT %(log)s, %(seq)s, %(kind)s, %(table)s, %(column)s, %(row_id)s, to_jsonb(%(tbl)s.*), NULL, NULL,
               %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM %(tbl)s
         WHERE %(where)s
        """,
        lines=SQL.identifier(LOG_LINE_TABLE),
        cols=_line_columns(),
        log=log_id,
        seq=sequence,
        kind=kind,
        table=table,
        column=column,
        row_id=SQL.identifier(table, "id") if has_id else SQL("NULL::int"),
        tbl=tbl,
        where=where,
        uid=uid,
    )


def delete_rows_query(table, has_id, keys):
    """Delete the rows of ``table`` whose key (see ``row_key``) is in ``keys``."""
    return SQL("DELETE FROM %s WHERE %s = ANY(%s)", SQL.identifier(table), row_key(table, has_id), list(keys))


def move_query(table, column, has_id, old_values, new_value, log_id, sequence, uid, extra=()):
    """Point ``column`` from ``old_values`` to ``new_value`` in one statement, writing one log line
    per moved row (its id, or the whole row when the table has no id, and the old value)."""
    tbl = SQL.identifier(table)
    col = SQL.identifier(column)
    if has_id:
        pick, match = SQL("%s AS cbm_key", SQL.identifier(table, "id")), SQL.identifier(table, "id")
        returned = SQL("%s AS cbm_id, NULL::jsonb AS cbm_row", SQL.identifier(table, "id"))
    else:
        pick, match = SQL("%s AS cbm_key", SQL.identifier(table, "ctid")), SQL.identifier(table, "ctid")
        returned = SQL("NULL::int AS cbm_id, to_jsonb(%s.*) AS cbm_row", tbl)
    return SQL(
        """
        WITH moved AS (
            UPDATE %(tbl)s SET %(col)s = %(new)s
              FROM (SELECT %(pick)s, %(qcol)s AS cbm_old FROM %(tbl)s
                     WHERE %(qcol)s = ANY(%(olds)s) AND %(extra)s FOR UPDATE) cbm_src
             WHERE %(match)s = cbm_src.cbm_key
         RETURNING %(returned)s, cbm_src.cbm_old
        )
        INSERT INTO %(lines)s (%(cols)s)
        SELECT %(log)s, %(seq)s, 'move', %(table)s, %(column)s, cbm_id, cbm_row, cbm_old::text, %(new_text)s,
               %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM moved
        """,
        tbl=tbl,
        col=col,
        new=new_value,
        pick=pick,
        qcol=SQL.identifier(table, column),
        olds=list(old_values),
        extra=_filter(table, extra),
        match=match,
        returned=returned,
        lines=SQL.identifier(LOG_LINE_TABLE),
        cols=_line_columns(),
        log=log_id,
        seq=sequence,
        table=table,
        column=column,
        new_text=str(new_value),
        uid=uid,
    )


# --- undo ------------------------------------------------------------------------------------------
def stale_moves_query(table, column, columns, log_id, sequence):
    """Move lines of one step whose row is no longer where the merge put it (deleted, or its column
    changed since), leaving out rows a later step of the same merge deleted on purpose.

    :param columns: the columns of ``table`` when it has no id (rows are matched whole), else None
    """
    lines = SQL.identifier(LOG_LINE_TABLE)
    tbl = SQL.identifier(table)
    if columns is None:
        found = SQL(
            "SELECT 1 FROM %s WHERE %s = l.row_id AND %s::text = l.new_value",
            tbl,
            SQL.identifier(table, "id"),
            SQL.identifier(table, column),
        )
        dropped_later = SQL(
            """SELECT 1 FROM %s d WHERE d.log_id = l.log_id AND d.kind = 'delete' AND d.sequence > l.sequence
                  AND d.table_name = l.table_name AND d.row_id = l.row_id""",
            lines,
        )
    else:
        found = SQL(
            "SELECT 1 FROM %s, jsonb_populate_record(NULL::%s, l.row_data) r WHERE %s",
            tbl,
            tbl,
            _same_row(table, columns),
        )
        dropped_later = SQL(
            """SELECT 1 FROM %s d WHERE d.log_id = l.log_id AND d.kind = 'delete' AND d.sequence > l.sequence
                  AND d.table_name = l.table_name AND d.row_data = l.row_data""",
            lines,
        )
    return SQL(
        """
        SELECT count(*) FROM %(lines)s l
         WHERE l.log_id = %(log)s AND l.sequence = %(seq)s AND l.kind = 'move'
           AND NOT EXISTS (%(found)s) AND NOT EXISTS (%(dropped)s)
        """,
        lines=lines,
        log=log_id,
        seq=sequence,
        found=found,
        dropped=dropped_later,
    )


def revert_moves_query(table, column, columns, log_id, sequence, sql_type):
    """Put ``column`` back to its recorded old value for the moved rows of one step.

    :param columns: the columns of ``table`` when it has no id (rows are matched whole), else None
    """
    lines = SQL.identifier(LOG_LINE_TABLE)
    tbl = SQL.identifier(table)
    if columns is None:
        sources, match = SQL(""), SQL("%s = l.row_id", SQL.identifier(table, "id"))
    else:
        sources = SQL(", jsonb_populate_record(NULL::%s, l.row_data) r", tbl)
        match = _same_row(table, columns)
    return SQL(
        """
        UPDATE %(tbl)s SET %(col)s = CAST(l.old_value AS %(type)s)
          FROM %(lines)s l %(sources)s
         WHERE l.log_id = %(log)s AND l.sequence = %(seq)s AND l.kind = 'move' AND %(match)s
        """,
        tbl=tbl,
        col=SQL.identifier(column),
        type=SQL(sql_type),  # catalog text (format_type), not user input
        lines=lines,
        sources=sources,
        log=log_id,
        seq=sequence,
        match=match,
    )


def restore_rows_query(table, log_id, sequence):
    """Insert back the rows of ``table`` one step deleted, as they were (ids included)."""
    return SQL(
        """
        INSERT INTO %(tbl)s
        SELECT r.* FROM %(lines)s l, jsonb_populate_record(NULL::%(tbl)s, l.row_data) r
         WHERE l.log_id = %(log)s AND l.sequence = %(seq)s AND l.kind = 'delete' AND l.table_name = %(table)s
      ORDER BY l.id
        """,
        tbl=SQL.identifier(table),
        lines=SQL.identifier(LOG_LINE_TABLE),
        log=log_id,
        seq=sequence,
        table=table,
    )


def remove_inserted_query(table, columns, log_id, sequence):
    """Delete the rows one step added (e.g. follower subtypes combined into the kept follower)."""
    tbl = SQL.identifier(table)
    return SQL(
        """
        DELETE FROM %(tbl)s USING %(lines)s l, jsonb_populate_record(NULL::%(tbl)s, l.row_data) r
         WHERE l.log_id = %(log)s AND l.sequence = %(seq)s AND l.kind = 'insert' AND l.table_name = %(table)s
           AND %(match)s
        """,
        tbl=tbl,
        lines=SQL.identifier(LOG_LINE_TABLE),
        log=log_id,
        seq=sequence,
        table=table,
        match=_same_row(table, columns),
    )

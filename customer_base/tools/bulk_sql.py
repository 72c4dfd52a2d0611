# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SQL for filling a large table at install: its secondary indexes are dropped for the fill and rebuilt after.

An ``UPDATE`` of every row of ``res_partner`` inserts each new row version into every index of the table:
13 on a stock database, two of them GIN trigram indexes over an expression of the phone numbers, plus the
ones our fields add. At 1,000,000 partners one such pass took minutes on 2 cores; without the indexes it is
a heap write, and a rebuilt index is sorted once. Pure helpers: they take a cursor; no ORM.
"""

from contextlib import contextmanager

from odoo.tools import SQL

# Memory for the index builds after the fill (GIN builds are much faster with more than the default 64MB).
BUILD_MEMORY = "256MB"


def secondary_indexes(cr, table):
    """The indexes of ``table`` that are neither unique nor behind a constraint: ``[(name, definition)]``,
    the definition as PostgreSQL writes it (``pg_get_indexdef``)."""
    cr.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
          FROM pg_index x
          JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid = %s::regclass
           AND NOT x.indisunique AND NOT x.indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY i.relname
        """,
        [table],
    )
    return cr.fetchall()


def add_column_with_default(cr, table, column, column_type, value, comment=None):
    """Add ``column`` holding ``value`` in every existing row without writing them: PostgreSQL keeps a
    constant default of a new column in its catalog (no table rewrite). The default is then dropped, so
    that new rows get what the ORM gives them."""
    cr.execute(
        SQL(
            "ALTER TABLE %s ADD COLUMN %s %s DEFAULT %s",
            SQL.identifier(table),
            SQL.identifier(column),
            SQL(column_type),  # an Odoo column type (int4, varchar, ...), not input
            value,
        )
    )
    cr.execute(
        SQL("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", SQL.identifier(table), SQL.identifier(column))
    )
    if comment:
        cr.execute(SQL("COMMENT ON COLUMN %s IS %s", SQL.identifier(table, column), comment))


@contextmanager
def secondary_indexes_dropped(cr, table, triggers=()):
    """Drop the secondary indexes of ``table`` and disable its ``triggers`` for the block; build the indexes
    again and enable the triggers after it (in the same transaction: if the block fails, the rollback gives
    them back). Whatever the triggers maintain must be rebuilt by the caller. Yields the indexes' names.

    :param triggers: names of triggers of ``table`` (a statement trigger with a transition table would
      otherwise store every row each statement of the block changes)
    """
    indexes = secondary_indexes(cr, table)
    for name, _definition in indexes:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    cr.execute(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = ANY(%s)",
        [table, list(triggers)],
    )
    disabled = [row[0] for row in cr.fetchall()]
    for trigger in disabled:
        cr.execute(SQL("ALTER TABLE %s DISABLE TRIGGER %s", SQL.identifier(table), SQL.identifier(trigger)))
    yield [name for name, _definition in indexes]
    for trigger in disabled:
        cr.execute(SQL("ALTER TABLE %s ENABLE TRIGGER %s", SQL.identifier(table), SQL.identifier(trigger)))
    cr.execute(SQL("SELECT set_config('maintenance_work_mem', %s, true)", BUILD_MEMORY))
    for _name, definition in indexes:
        # the catalog's own text of an index that existed a moment ago, not input: it cannot be a parameter
        cr.execute(SQL(definition))  # pylint: disable=sql-injection

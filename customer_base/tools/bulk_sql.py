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


@contextmanager
def secondary_indexes_dropped(cr, table):
    """Drop the secondary indexes of ``table`` for the block, and build them again after it (in the same
    transaction: if the block fails, the rollback gives them back). Yields their names."""
    indexes = secondary_indexes(cr, table)
    for name, _definition in indexes:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    yield [name for name, _definition in indexes]
    cr.execute(SQL("SELECT set_config('maintenance_work_mem', %s, true)", BUILD_MEMORY))
    for _name, definition in indexes:
        # the catalog's own text of an index that existed a moment ago, not input: it cannot be a parameter
        cr.execute(SQL(definition))  # pylint: disable=sql-injection

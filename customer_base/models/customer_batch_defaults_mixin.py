# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Default values computed once per batch of records created together.

Odoo completes the values of every record of a ``create`` with ``default_get`` over every field the record
does not set: on res.partner 160 fields a record, a third of the time of an import's create. Records of one
batch that set the same fields get the same defaults, unless a default changes from one call to the next (a
random token, a sequence number, the time): here the defaults of each such set are computed twice, those both
calls agree on are given to every record of the set, and only the others are computed record by record.
"""

import contextvars
import copy

from odoo import models

# {(model name, id of the env, fields given): (defaults the two calls agreed on, whether some did not)}, for the
# duration of one _prepare_create_values (server code only: no client reaches it)
_BATCH_DEFAULTS = contextvars.ContextVar("customer_batch_defaults", default=None)


class CustomerBatchDefaultsMixin(models.AbstractModel):
    """Defaults once per batch: res.partner, the import log's lines and the stage history inherit this."""

    _name = "customer.batch.defaults.mixin"
    _description = "Batch Create Defaults"

    def _prepare_create_values(self, vals_list):
        if len(vals_list) < 2 or _BATCH_DEFAULTS.get() is not None or self._customer_has_properties():
            return super()._prepare_create_values(vals_list)
        token = _BATCH_DEFAULTS.set({})
        try:
            return super()._prepare_create_values(vals_list)
        finally:
            _BATCH_DEFAULTS.reset(token)

    def _customer_has_properties(self):
        # the defaults of a properties field depend on the record's values (its definition record)
        return any(field.type == "properties" for field in self._fields.values())

    def _add_missing_default_values(self, values):
        batch = _BATCH_DEFAULTS.get()
        if batch is None:
            return super()._add_missing_default_values(values)
        key = (self._name, id(self.env), frozenset(values))
        entry = batch.get(key)
        if entry is None:
            first = super()._add_missing_default_values(dict(values))
            second = super()._add_missing_default_values(dict(values))
            shared = {
                fname: value
                for fname, value in first.items()
                if fname not in values and fname in second and second[fname] == value
            }
            unstable = any(fname not in values and fname not in shared for fname in first)
            batch[key] = (shared, unstable)
            return first
        shared, unstable = entry
        result = {fname: copy.deepcopy(value) if isinstance(value, list | dict) else value
                  for fname, value in shared.items()}  # fmt: skip
        result.update(values)
        if unstable:  # the defaults that differ from one call to the next, for this record
            result = super()._add_missing_default_values(result)
        return result

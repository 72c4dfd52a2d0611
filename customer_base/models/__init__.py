# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import customer_type
from . import customer_channel
from . import customer_hobby
from . import customer_area
from . import customer_area_contact
from . import customer_profession
from . import customer_field_access
from . import customer_field_condition
from . import res_groups
from . import res_partner

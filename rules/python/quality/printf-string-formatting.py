"""Test target for printf-string-formatting."""

import logging
from logging import getLogger

import sqlalchemy

logger = logging.getLogger(__name__)
log = getLogger("app")
GREETING_TEMPLATE = "Hello %s"
ROW_TEMPLATE = "{name}: {value}"


def flagged(name, count, user, items, mapping_value):
    # ruleid: printf-string-formatting
    greeting = "Hello %s" % name
    # ruleid: printf-string-formatting
    summary = "%d items for %s" % (count, user.name)
    # ruleid: printf-string-formatting
    padded = "%-10s|%5.2f" % (name, count)
    # ruleid: printf-string-formatting
    named = "%(name)s has %(count)d" % {"name": name, "count": count}
    # ruleid: printf-string-formatting
    from_dict_call = "%(name)s" % dict(name=name)
    # ruleid: printf-string-formatting
    positional = "Hello {}".format(name)
    # ruleid: printf-string-formatting
    indexed = "{0} and {1}".format(name, count)
    # ruleid: printf-string-formatting
    keyword = "{user.name} bought {count:>4}".format(user=user, count=count)
    # ruleid: printf-string-formatting
    raw = r"C:\data\%s" % name
    # ruleid: printf-string-formatting
    triple = """Dear %s,""" % name
    # ruleid: printf-string-formatting
    concatenated = ("first %s "
                    "second %s") % (name, count)
    # ruleid: printf-string-formatting
    percent = "100%% of %s" % name
    # ruleid: printf-string-formatting
    raise ValueError("unknown item %r" % items)


def flagged_in_print_and_exceptions(name):
    # ruleid: printf-string-formatting
    print("Processing {}".format(name))
    # ruleid: printf-string-formatting
    return "<User %s>" % name


def not_flagged(name, count, mapping, args, kwargs, query, session, cursor, template):
    # ok: printf-string-formatting
    modern = f"Hello {name}"
    # ok: printf-string-formatting
    logger.info("Hello %s", name)
    # ok: printf-string-formatting
    logger.info("Hello %s" % name)
    # ok: printf-string-formatting
    logging.warning("Retry {} of 3".format(count))
    # ok: printf-string-formatting
    log.debug("user=%s count=%d" % (name, count))
    # ok: printf-string-formatting
    logger.log(logging.INFO, "Hello %s" % name)
    # ok: printf-string-formatting
    reused = GREETING_TEMPLATE % name
    # ok: printf-string-formatting
    row = ROW_TEMPLATE.format(name=name, value=count)
    # ok: printf-string-formatting
    from_template = template % name
    # ok: printf-string-formatting
    raw_bytes = b"Content-Length: %d" % count
    # ok: printf-string-formatting
    star_args = "{} - {}".format(*args)
    # ok: printf-string-formatting
    star_kwargs = "{name} - {value}".format(**kwargs)
    # ok: printf-string-formatting
    from_mapping = "%(name)s has %(count)d" % mapping
    # ok: printf-string-formatting
    escaped_only = "100%% sure".format()
    # ok: printf-string-formatting
    doubled_percent = "100%%s" % ()
    # ok: printf-string-formatting
    nested_in_logging = logger.warning("prefix: " + "user %s" % name)
    # ok: printf-string-formatting
    literal_braces = "{{not a field}}".format()
    # ok: printf-string-formatting
    arithmetic = count % 7
    # ok: printf-string-formatting
    cursor.execute("SELECT * FROM items WHERE name = '%s'" % name)
    # ok: printf-string-formatting
    session.execute(sqlalchemy.text("SELECT * FROM t WHERE id = {}".format(query)))
    # ok: printf-string-formatting
    method_reference = list(map("{}!".format, args))
    return modern, reused, row, from_template, raw_bytes, star_args, star_kwargs

from django import template

from minorworks.core.audit_labels import action_label, channel_label

register = template.Library()
register.filter("action_label", action_label)
register.filter("channel_label", channel_label)

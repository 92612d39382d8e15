"""Walker samples for the notification URLs: a notification of the builder, a webhook endpoint of the district."""

from minorworks.core.models import Notification, WebhookEndpoint


def samples(world, request) -> dict:
    """notification_id → the builder's own (nobody else's to open); endpoint_id → the district's endpoint."""
    notification = Notification.objects.create(
        recipient=world.builder, kind="sample.kind", subject="样例通知", url="/notifications/"
    )
    endpoint = WebhookEndpoint.objects.create(
        district=world.district, name="短信网关", url="https://gateway.example/hook", secret="s" * 32
    )
    return {
        "notification_id": (notification.pk, {"builder"}),
        "endpoint_id": (endpoint.pk, {"district_admin"}),
    }

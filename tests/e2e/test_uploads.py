"""Uploads through `soulseer dev` as a browser makes them: a presigned POST form to the local S3, which
refuses what S3 refuses (a file over the policy's size, another type, an edited key, a forged or expired
policy) and stores nothing then; an accepted photo is resized by the media function (run by the bucket's
notification), announced on the reader's WebSocket, and served at /media/* by the web app's origin."""

from __future__ import annotations

import asyncio
import base64
import io
import json

import pytest
import requests
from PIL import Image

from tests.e2e.conftest import LocalCloud
from tests.e2e.peers import RoomClient, api, online_reader

pytestmark = pytest.mark.e2e


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 9000"
    Image.new("RGB", (width, height), (90, 40, 160)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def post(form: dict, data: bytes, content_type: str = "image/jpeg", **changed: str) -> requests.Response:
    fields = {**form["fields"], **changed}
    return requests.post(form["url"], data=fields, files={"file": ("me.jpg", data, content_type)}, timeout=30)


def s3_code(response: requests.Response) -> str:
    return response.text.split("<Code>")[1].split("</Code>")[0]


def test_the_local_s3_enforces_the_post_policy_and_a_photo_is_resized_and_served(local_cloud: LocalCloud) -> None:
    token = online_reader(local_cloud, "user_e2e_photo", (150, 250, 350))
    data = jpeg(1024, 768)
    form = api(local_cloud, "POST", "/api/uploads", token,
               {"purpose": "reader-photo", "content_type": "image/jpeg", "size": len(data)})  # fmt: skip
    assert form["url"].startswith(str(local_cloud.state["s3_url"]))

    too_big = post(form, data + b"\0" * 16)
    assert (too_big.status_code, s3_code(too_big)) == (400, "EntityTooLarge")
    other_type = post(form, data, "text/html", **{"Content-Type": "text/html"})
    assert (other_type.status_code, s3_code(other_type)) == (403, "AccessDenied")
    other_key = post(form, data, key="uploads/reader-photo/user_demo_reader_1/upl_mine")
    assert (other_key.status_code, s3_code(other_key)) == (403, "AccessDenied")
    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    policy["conditions"] = [c for c in policy["conditions"] if not isinstance(c, list)]  # no size limit
    forged = post(form, data + b"\0" * 16, policy=base64.b64encode(json.dumps(policy).encode()).decode())
    assert (forged.status_code, s3_code(forged)) == (403, "SignatureDoesNotMatch")
    extra = post(form, data, **{"x-amz-meta-other": "1"})
    assert (extra.status_code, s3_code(extra)) == (403, "AccessDenied")
    assert api(local_cloud, "GET", "/api/readers/user_e2e_photo", token)["photo"] is None  # nothing stored

    async def upload_and_hear() -> dict:
        app = await RoomClient.connect(local_cloud.websocket_url, token)
        try:
            accepted = await asyncio.to_thread(post, form, data)
            assert accepted.status_code == 204, accepted.text
            return await app.expect("upload-processed", timeout=60, upload_id=form["upload_id"])
        finally:
            await app.close()

    event = asyncio.run(upload_and_hear())
    photo = api(local_cloud, "GET", "/api/readers/user_e2e_photo", token)["photo"]
    assert event["item"]["photo"] == photo and photo["medium"].endswith("-320.webp")
    served = requests.get(str(local_cloud.state["web_url"]) + photo["medium"], timeout=10)
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/webp"
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.size == (320, 320) and not image.getexif()
    assert b"SecretCam" not in served.content
    original = requests.get(f"{local_cloud.state['s3_url']}/{form['url'].rsplit('/', 1)[1]}/{form['fields']['key']}",
                            timeout=10)  # fmt: skip
    assert original.status_code in (403, 404)  # private, and deleted once processed
    missing = requests.get(str(local_cloud.state["web_url"]) + "/media/readers/nobody/none-96.webp", timeout=10)
    assert missing.status_code == 404

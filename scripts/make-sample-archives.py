#!/usr/bin/env python3
"""Builds the sample WARC and JSON-lines inputs in raw/ and tests/fixtures/ from the team's own
fictional articles (raw/html, raw/text), so the archive readers have inputs we may publish.

Run from the project root: python3 scripts/make-sample-archives.py
Output is deterministic (fixed dates and record ids).
"""

import gzip
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATE = "2025-03-05T10:00:00Z"


def record(warc_type, uri, block, record_id, content_type, lf_only=False):
    nl = b"\n" if lf_only else b"\r\n"
    headers = [
        b"WARC/1.0",
        b"WARC-Type: " + warc_type.encode(),
        b"WARC-Record-ID: <urn:uuid:" + record_id.encode() + b">",
        b"WARC-Date: " + DATE.encode(),
    ]
    if uri:
        headers.append(b"WARC-Target-URI: " + uri.encode())
    headers += [b"Content-Type: " + content_type.encode(), b"Content-Length: " + str(len(block)).encode()]
    return nl.join(headers) + nl + nl + block + nl + nl


def http_response(body, content_type="text/html; charset=utf-8", status="200 OK"):
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def uuid(n):
    return f"00000000-0000-4000-8000-{n:012d}"


def build_warc():
    pages = sorted((ROOT / "raw" / "html").glob("*.html"))
    records = [record("warcinfo", None, b"software: newsprint sample builder\r\n", uuid(0), "application/warc-fields")]
    n = 1
    for page in pages[:4]:
        uri = f"https://{page.stem.split('_')[0]}.example/{page.stem.split('_')[1]}"
        body = page.read_bytes()
        charset = "windows-1252" if b"windows-1252" in body[:2000] else "utf-8"
        records.append(record("request", uri, f"GET / HTTP/1.1\r\nHost: x\r\n\r\n".encode(), uuid(n), "application/http; msgtype=request"))
        n += 1
        records.append(record("response", uri, http_response(body, f"text/html; charset={charset}"), uuid(n), "application/http; msgtype=response"))
        n += 1
    # A redirect and an image: not articles, skipped with a reason.
    records.append(record("response", "https://lantern-daily.example/old", http_response(b"", status="301 Moved Permanently"), uuid(n), "application/http; msgtype=response"))
    n += 1
    records.append(record("response", "https://lantern-daily.example/logo.png", http_response(b"\x89PNG\r\n\x1a\n", "image/png"), uuid(n), "application/http; msgtype=response"))
    # One gzip member per record, as crawlers write them.
    return b"".join(gzip.compress(r, mtime=0) for r in records)


def build_truncated_warc():
    page = sorted((ROOT / "raw" / "html").glob("*.html"))[-1].read_bytes()
    rec = record("response", "https://valley-voice.example/cut", http_response(page), uuid(99), "application/http; msgtype=response", lf_only=True)
    return rec[: len(rec) // 2]


def build_jsonl():
    lines = []
    for i, path in enumerate(sorted((ROOT / "raw" / "text").glob("*.txt"))):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="strict") if b"\xa3" not in raw else raw.decode("latin-1")
        title, _, body = text.partition("\n\n")
        url = f"https://text-desk.example/{path.stem}"
        if i % 2 == 0:  # news-please style
            obj = {"title": title.strip(), "maintext": body.strip(), "url": url, "date_publish": f"2025-02-0{i + 1} 08:00:00", "authors": ["Desk Reporter"], "language": "en"}
        else:  # trafilatura style
            obj = {"title": title.strip(), "text": body.strip(), "source": url, "date": f"2025-02-0{i + 1}", "author": "Desk Reporter; Second Writer", "hostname": "text-desk.example"}
        lines.append(json.dumps(obj, ensure_ascii=False))
    lines.insert(3, '{"title": "A line cut in half", "maintext": "The council')
    lines.insert(5, '{"title": "No text here", "url": "https://text-desk.example/empty"}')
    return ("\n".join(lines) + "\n").encode()


def main():
    outputs = {
        "raw/warc/sample-crawl.warc.gz": build_warc(),
        "raw/jsonl/sample-export.jsonl": build_jsonl(),
        "raw/broken/truncated.warc": build_truncated_warc(),
    }
    for rel, data in outputs.items():
        for base in ["", "tests/fixtures/"]:
            target = ROOT / (base + rel.removeprefix("raw/")) if base else ROOT / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {target.relative_to(ROOT)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()

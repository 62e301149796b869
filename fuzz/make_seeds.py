#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/ (run once; the output is checked in).

trakt_model: every JSON body of a 200 response in the Trakt API excerpts
(/work/shared/trakt-api/trakt-api-excerpts.apib, or the path given), compacted,
plus hand-written edge cases. http_response: those bodies as HTTP/1.1
responses (Content-Length, chunked, close-delimited) and error answers.
mcp_message: hand-written MCP messages (see the list below).
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
APIB = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/trakt-api/trakt-api-excerpts.apib'


def write(target, name, data):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def apib_bodies(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    bodies = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == '+ Body':
            i += 1
            block = []
            while i < len(lines) and (lines[i].strip() == '' or lines[i].startswith('        ')):
                block.append(lines[i])
                i += 1
            text = '\n'.join(block).strip()
            try:
                bodies.append(json.loads(text))
            except ValueError:
                pass
        else:
            i += 1
    return bodies


bodies = apib_bodies(APIB) if os.path.exists(APIB) else []
for n, b in enumerate(bodies):
    write('trakt_model', f'apib-{n:02d}.json', json.dumps(b, ensure_ascii=False, separators=(',', ':')))

edge = {
    'nulls.json': '[{"first_aired":"2026-11-24T23:30:00.000Z","show":{"title":"Severance","year":null,"ids":{"trakt":null,"slug":null}},"episode":{"season":3,"number":1,"title":null,"ids":{}}}]',
    'unicode.json': '[{"type":"movie","movie":{"title":"\\u5343\\u3068\\u5343\\u5c0b \\u0085\\u2028\\u2029\\t\\n end","year":2001,"ids":{"trakt":1}}}]',
    'history-big-ids.json': '[{"id":9007199000,"watched_at":"2026-11-20T21:30:00.000Z","action":"scrobble","type":"episode","show":{"title":"Caf\\u00e9 \\ud83c\\udfac","year":null,"ids":{}},"episode":{"season":1,"number":1,"title":null,"ids":{"trakt":18446744073709551615}}}]',
    'watchlist-season.json': '[{"rank":4,"id":9001004,"listed_at":"2025-02-05T12:03:00.000Z","notes":null,"type":"season","season":{"number":3,"ids":{"tvdb":1,"tmdb":2}},"show":{"title":"Breaking Bad","year":2008,"ids":{"trakt":1}}}]',
    'bad-dates.json': '[{"id":1,"watched_at":"2026-02-30T00:00:00Z","type":"movie","movie":{"title":"","year":-5,"ids":{}}},{"id":2,"watched_at":"9999-12-31T23:59:60.5Z","type":"movie","movie":{"title":"x","year":2147483648}}]',
    'numbers.json': '[{"type":"episode","show":{"title":"S","year":1e3},"episode":{"season":-2147483648,"number":2147483647,"title":"t"}}]',
}
for name, text in edge.items():
    write('trakt_model', name, text)

# HTTP responses: first byte is the piece size - 1 (see http_response.cpp).
def http(body, *, status='200 OK', chunked=False, close=False, headers=()):
    h = [f'HTTP/1.1 {status}', 'Content-Type: application/json; charset=utf-8', *headers]
    if chunked:
        h.append('Transfer-Encoding: chunked')
        out = b''
        for k in range(0, len(body), 7):
            part = body[k:k + 7]
            out += b'%x\r\n' % len(part) + part + b'\r\n'
        payload = out + b'0\r\nX-Trailer: yes\r\n\r\n'
    elif close:
        h.append('Connection: close')
        payload = body
    else:
        h.append(f'Content-Length: {len(body)}')
        payload = body
    return '\r\n'.join(h).encode() + b'\r\n\r\n' + payload

for n, b in enumerate([b for b in bodies if isinstance(b, list)][:6]):
    raw = json.dumps(b, ensure_ascii=False, separators=(',', ':')).encode()
    write('http_response', f'apib-{n:02d}-length', bytes([255]) + http(raw, headers=('X-Pagination-Page-Count: 3', 'X-Pagination-Item-Count: 600')))
    write('http_response', f'apib-{n:02d}-chunked', bytes([9]) + http(raw, chunked=True))
    write('http_response', f'apib-{n:02d}-close', bytes([63]) + http(raw, close=True))
write('http_response', '429', bytes([0]) + http(b'', status='429 Too Many Requests', headers=('Retry-After: 2',)))
write('http_response', '401', bytes([31]) + http(b'{"error":"invalid_token"}', status='401 Unauthorized', headers=('WWW-Authenticate: Bearer realm="trakt"',)))
write('http_response', '204-keepalive', bytes([255]) + b'HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n')
write('http_response', 'http10', bytes([255]) + b'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[]')
write('http_response', 'cloudflare', bytes([127]) + http(b'<html><title>Attention Required! | Cloudflare</title></html>', status='403 Forbidden', headers=('Content-Type: text/html',)))
write('http_response', 'chunk-ext', bytes([3]) + b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;name=value\r\n[]\r\n0\r\n\r\n')
write('http_response', 'obs-fold', bytes([255]) + b'HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 2\r\n\r\n[]')

mcp = {
    'initialize': {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "c", "version": "1"}}},
    'initialize-unknown-version': {"jsonrpc": "2.0", "id": "a", "method": "initialize", "params": {"protocolVersion": "1999-01-01"}},
    'ping': {"jsonrpc": "2.0", "id": 7, "method": "ping"},
    'tools-list': {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {"cursor": "x"}},
    'call-echo': {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "echo", "arguments": {"a": [1, {"b": None}]}, "_meta": {"progressToken": "p"}}},
    'call-upcoming': {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "get_upcoming", "arguments": {"start_date": "2026-11-23", "days": 7}}},
    'call-upcoming-bad': {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "get_upcoming", "arguments": {"start_date": "2026-02-30", "days": 0}}},
    'call-watchlist': {"jsonrpc": "2.0", "id": 6, "method": "tools/call", "params": {"name": "get_watchlist", "arguments": {"type": "seasons", "sort": "title", "limit": 3}}},
    'call-history': {"jsonrpc": "2.0", "id": 8, "method": "tools/call", "params": {"name": "get_history", "arguments": {"limit": 1000, "type": "episodes", "start_at": "2026-01-01", "end_at": "2026-11-20T21:30:00Z"}}},
    'call-history-unknown-arg': {"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "get_history", "arguments": {"limt": 1}}},
    'call-unknown-tool': {"jsonrpc": "2.0", "id": 10, "method": "tools/call", "params": {"name": "nope"}},
    'set-level': {"jsonrpc": "2.0", "id": 11, "method": "logging/setLevel", "params": {"level": "debug"}},
    'cancelled': {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 3, "reason": "user"}},
    'response': {"jsonrpc": "2.0", "id": 99, "result": {}},
    'unknown-method': {"jsonrpc": "2.0", "id": 12, "method": "resources/list"},
    'bad-id': {"jsonrpc": "2.0", "id": 1.5, "method": "ping"},
    'no-version': {"id": 1, "method": "ping"},
    'batch': [{"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "method": "notifications/initialized"},
              {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo", "arguments": {}}},
              {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo"}}, [1], 5],
    'batch-notifications-only': [{"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 1}}],
}
for name, m in mcp.items():
    write('mcp_message', name, json.dumps(m, ensure_ascii=False, separators=(',', ':')))
write('mcp_message', 'not-json', '{"jsonrpc":"2.0",')
write('mcp_message', 'deep', '[' * 70 + ']' * 70)
write('mcp_message', 'empty-batch', '[]')

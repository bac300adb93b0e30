#!/usr/bin/env python3
"""Writes a valid Windows XML Event Log (.evtx) from a JSON list of events, for test data.

    scripts/evtx_writer.py INPUT.json OUT.evtx

INPUT.json is a list of events (or {"events": [...]}); each event is an object:
    time        "2021-03-02T02:51:31.1234567Z" (UTC; the record's written time and
                System/TimeCreated)
    provider    System/Provider@Name
    event_id    System/EventID;  qualifiers (optional) its Qualifiers attribute
    level       System/Level (default 4);  task (default 0);  keywords (default 0x80000000000000)
    channel     System/Channel;  computer  System/Computer
    user_sid    optional System/Security@UserID ("S-1-5-18")
    data        EventData: a list of strings (unnamed <Data>, as classic sources such as
                MSExchange CmdletLogs write) or an object {Name: value} (<Data Name=...>)
    user_data   optional instead of data: {"Element": {"Name": "value", ...}} -- written as a
                nested BinXML fragment (substitution value type 0x21), as Windows does
    record_id   optional; records are numbered 1, 2, ... otherwise

Format facts (libyal's EVTX format documentation, [MS-EVEN6] for BinXML): a 4096-byte file
header "ElfFile\\0" whose CRC32 covers its first 120 bytes; 64 KiB chunks "ElfChnk\\0" with a
512-byte header (CRC32 of bytes 0-120 and 128-512) and a CRC32 of the records; records
"**\\0\\0", size, id, FILETIME, BinXML, size again. Every record is a fragment holding one
template instance; the template definition is written inline the first time a chunk uses it
and referenced by its chunk offset afterwards; element and attribute names likewise
(inline once per chunk, then by offset). Output is deterministic: the same JSON gives the
same bytes.
"""
import json
import struct
import sys
import zlib
from datetime import datetime, timezone

CHUNK_SIZE = 65536
CHUNK_HEADER = 512
EPOCH_DELTA = 116444736000000000

T_STRING, T_UINT8, T_UINT16, T_UINT64, T_FILETIME, T_SID, T_HEX64, T_BINXML = (
    0x01, 0x04, 0x06, 0x0A, 0x11, 0x13, 0x15, 0x21)


def filetime(text):
    text = text.rstrip('Z')
    frac = 0
    if '.' in text:
        text, f = text.split('.')
        frac = int((f + '0000000')[:7])
    dt = datetime.strptime(text, '%Y-%m-%dT%H:%M:%S').replace(tzinfo=timezone.utc)
    return EPOCH_DELTA + int(dt.timestamp()) * 10000000 + frac


def utf16(text):
    return text.encode('utf-16-le')


def sid_bytes(text):
    parts = text.split('-')
    assert parts[0] == 'S'
    rev, auth, subs = int(parts[1]), int(parts[2]), [int(p) for p in parts[3:]]
    return bytes([rev, len(subs)]) + auth.to_bytes(6, 'big') + b''.join(struct.pack('<I', s) for s in subs)


def name_hash(name):
    h = 0
    for ch in name:
        h = (h * 65599 + ord(ch)) & 0xFFFFFFFF
    return h & 0xFFFF


class Chunk:
    def __init__(self):
        self.data = bytearray(CHUNK_HEADER)
        self.names = {}
        self.templates = {}
        self.first_id = self.last_id = None
        self.last_record_offset = 0


class BinXml:
    """BinXML bytes being written at a known chunk offset (`base`)."""

    def __init__(self, chunk, base):
        self.chunk, self.base, self.out = chunk, base, bytearray()

    def pos(self):
        return self.base + len(self.out)

    def name(self, name):
        known = self.chunk.names.get(name)
        if known is not None:
            self.out += struct.pack('<I', known)
            return
        here = self.pos() + 4
        self.chunk.names[name] = here
        self.out += struct.pack('<I', here)
        self.out += struct.pack('<IHH', 0, name_hash(name), len(name)) + utf16(name) + b'\0\0'

    def element(self, name, attributes, content):
        """attributes: [(name, item)], content: [item]; an item is ('text', s) or
        ('sub', index, type, optional) or ('elem', name, attributes, content)."""
        start = len(self.out)
        self.out += bytes([0x41 if attributes else 0x01]) + struct.pack('<H', 0xFFFF)
        size_at = len(self.out)
        self.out += b'\0\0\0\0'
        self.name(name)
        if attributes:
            list_at = len(self.out)
            self.out += b'\0\0\0\0'
            for i, (attr, item) in enumerate(attributes):
                self.out += bytes([0x46 if i + 1 < len(attributes) else 0x06])
                self.name(attr)
                self.item(item)
            struct.pack_into('<I', self.out, list_at, len(self.out) - list_at - 4)
        if content:
            self.out += b'\x02'
            for item in content:
                self.item(item)
            self.out += b'\x04'
        else:
            self.out += b'\x03'
        struct.pack_into('<I', self.out, size_at, len(self.out) - size_at - 4)
        return start

    def item(self, item):
        kind = item[0]
        if kind == 'text':
            self.out += b'\x05\x01' + struct.pack('<H', len(item[1])) + utf16(item[1])
        elif kind == 'sub':
            _, index, vtype, optional = item
            self.out += bytes([0x0E if optional else 0x0D]) + struct.pack('<HB', index, vtype)
        elif kind == 'elem':
            self.element(item[1], item[2], item[3])
        else:
            raise ValueError(kind)


def event_template(event):
    """The template's shape key and its element tree (substitution indices fixed)."""
    data = event.get('data', [])
    system = [
        ('elem', 'Provider', [('Name', ('sub', 0, T_STRING, False))], []),
        ('elem', 'EventID', [('Qualifiers', ('sub', 1, T_UINT16, True))], [('sub', 2, T_UINT16, False)]),
        ('elem', 'Level', [], [('sub', 3, T_UINT8, False)]),
        ('elem', 'Task', [], [('sub', 4, T_UINT16, False)]),
        ('elem', 'Keywords', [], [('sub', 5, T_HEX64, False)]),
        ('elem', 'TimeCreated', [('SystemTime', ('sub', 6, T_FILETIME, False))], []),
        ('elem', 'EventRecordID', [], [('sub', 7, T_UINT64, False)]),
        ('elem', 'Channel', [], [('sub', 8, T_STRING, False)]),
        ('elem', 'Computer', [], [('sub', 9, T_STRING, False)]),
        ('elem', 'Security', [('UserID', ('sub', 10, T_SID, True))], []),
    ]
    if 'user_data' in event:
        body = ('elem', 'UserData', [], [('sub', 11, T_BINXML, False)])
        key = ('user',)
    elif isinstance(data, dict):
        body = ('elem', 'EventData', [], [
            ('elem', 'Data', [('Name', ('text', n))], [('sub', 11 + i, T_STRING, True)])
            for i, n in enumerate(data)])
        key = ('named',) + tuple(data)
    else:
        body = ('elem', 'EventData', [], [
            ('elem', 'Data', [], [('sub', 11 + i, T_STRING, True)]) for i in range(len(data))])
        key = ('unnamed', len(data))
    tree = ('elem', 'Event', [('xmlns', ('text', 'http://schemas.microsoft.com/win/2004/08/events/event'))],
            [('elem', 'System', [], system), body])
    return key, tree


def user_data_fragment(chunk, base, user_data):
    """The UserData value: a BinXML fragment (header, elements, EOF) at chunk offset `base`."""
    b = BinXml(chunk, base)
    b.out += b'\x0f\x01\x01\x00'
    (outer, fields), = user_data.items()
    b.element(outer, [], [('elem', k, [], [('text', str(v))] if str(v) else []) for k, v in fields.items()])
    b.out += b'\x00'
    return bytes(b.out)


def record_bytes(chunk, base, record_id, event):
    when = filetime(event['time'])
    b = BinXml(chunk, base + 24)
    b.out += b'\x0f\x01\x01\x00'
    key, tree = event_template(event)
    guid = struct.pack('<I', zlib.crc32(repr(key).encode())) + bytes(12)
    b.out += b'\x0c\x01' + guid[:4]
    known = chunk.templates.get(key)
    if known is None:
        here = b.pos() + 4
        chunk.templates[key] = here
        b.out += struct.pack('<I', here)
        header_at = len(b.out)
        b.out += struct.pack('<I', 0) + guid + b'\0\0\0\0'
        body_at = len(b.out)
        b.out += b'\x0f\x01\x01\x00'
        b.item(tree)
        b.out += b'\x00'
        struct.pack_into('<I', b.out, header_at + 20, len(b.out) - body_at)
    else:
        b.out += struct.pack('<I', known)
    data = event.get('data', [])
    values = [
        (T_STRING, utf16(event['provider'])),
        (T_UINT16, struct.pack('<H', event['qualifiers'])) if 'qualifiers' in event else (0, b''),
        (T_UINT16, struct.pack('<H', event['event_id'])),
        (T_UINT8, struct.pack('<B', event.get('level', 4))),
        (T_UINT16, struct.pack('<H', event.get('task', 0))),
        (T_HEX64, struct.pack('<Q', event.get('keywords', 0x80000000000000))),
        (T_FILETIME, struct.pack('<Q', when)),
        (T_UINT64, struct.pack('<Q', record_id)),
        (T_STRING, utf16(event.get('channel', ''))),
        (T_STRING, utf16(event.get('computer', ''))),
        (T_SID, sid_bytes(event['user_sid'])) if event.get('user_sid') else (0, b''),
    ]
    strings = list(data.values()) if isinstance(data, dict) else list(data)
    if 'user_data' not in event:
        values += [(T_STRING, utf16(s)) if s else (0, b'') for s in strings]
    count_at = len(b.out)
    b.out += struct.pack('<I', len(values) + (1 if 'user_data' in event else 0))
    b.out += b'\0' * (4 * (len(values) + (1 if 'user_data' in event else 0)))
    if 'user_data' in event:
        values.append((T_BINXML, None))
    for i, (vtype, raw) in enumerate(values):
        if raw is None:
            raw = user_data_fragment(chunk, b.pos(), event['user_data'])
        struct.pack_into('<HBB', b.out, count_at + 4 + 4 * i, len(raw), vtype, 0)
        b.out += raw
    b.out += b'\x00'
    size = 24 + len(b.out) + 4
    return struct.pack('<IIQQ', 0x2A2A, size, record_id, when) + bytes(b.out) + struct.pack('<I', size)


def finish_chunk(chunk, number):
    data = chunk.data
    free = len(data)
    data += bytes(CHUNK_SIZE - len(data))
    data[0:8] = b'ElfChnk\0'
    struct.pack_into('<QQQQIII', data, 8, chunk.first_id, chunk.last_id, chunk.first_id, chunk.last_id,
                     128, chunk.last_record_offset, free)
    struct.pack_into('<I', data, 52, zlib.crc32(bytes(data[CHUNK_HEADER:free])))
    struct.pack_into('<I', data, 124, zlib.crc32(bytes(data[:120]) + bytes(data[128:CHUNK_HEADER])))
    return bytes(data)


def write_evtx(events, out_path):
    chunks, chunk = [], Chunk()
    next_id = 1
    for event in events:
        record_id = event.get('record_id', next_id)
        next_id = record_id + 1
        for attempt in range(2):
            record = record_bytes(chunk, len(chunk.data), record_id, event)
            if len(chunk.data) + len(record) <= CHUNK_SIZE:
                break
            if attempt == 1:
                raise SystemExit(f'event {record_id} does not fit a chunk')
            chunks.append(finish_chunk(chunk, len(chunks)))
            chunk = Chunk()
        chunk.last_record_offset = len(chunk.data)
        chunk.data += record
        chunk.first_id = record_id if chunk.first_id is None else chunk.first_id
        chunk.last_id = record_id
    if chunk.first_id is not None:
        chunks.append(finish_chunk(chunk, len(chunks)))
    header = bytearray(4096)
    header[0:8] = b'ElfFile\0'
    struct.pack_into('<QQQIHHHH', header, 8, 0, max(len(chunks) - 1, 0), next_id, 128, 1, 3, 4096, len(chunks))
    struct.pack_into('<I', header, 124, zlib.crc32(bytes(header[:120])))
    with open(out_path, 'wb') as f:
        f.write(bytes(header))
        for c in chunks:
            f.write(c)


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    with open(sys.argv[1], encoding='utf-8') as f:
        events = json.load(f)
    if isinstance(events, dict):
        events = events['events']
    write_evtx(events, sys.argv[2])


if __name__ == '__main__':
    main()

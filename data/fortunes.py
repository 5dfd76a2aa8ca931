#!/usr/bin/python3
# Text corpora for chapter 2 from Debian's fortune files, converted at build time into JSON that
# the labs read (src/data/files.h). Usage: fortunes.py OUT_DIR. Nothing here is committed text.
#
# apt: fortunes fortunes-zh fonts-wqy-microhei python3-fonttools
#
# Each output is {"source": ..., "entries": [{"text", "title"?, "author"?}, ...]}.
#   tang300.json  300 Tang poems (fortunes-zh). The ANSI colour codes around the title and the
#                 author are stripped, and both are kept as fields, not in the text: the language
#                 model learns verse, and the classifier can ask who wrote it.
#   song100.json  96 Song-dynasty poems, the same way. Not ci, as one might expect: 86 of the 96
#                 are shi of five- or seven-character lines, like the Tang poems.
#   songs-poems.json, computers.json, politics.json, science.json  English fortunes by topic; a
#                 closing attribution line ("    -- Ogden Nash") becomes the author field.
#   zh-poems.ttf  WenQuanYi Micro Hei cut to the characters of the Chinese sets (about 2,800), for
#                 labs that draw that text (src/ui/glyphs.h): fetched with the data, not with the page.
import json
import os
import re
import sys

SRC = '/usr/share/games/fortunes'
CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'
ANSI = re.compile(r'\x1b\[[0-9;]*m')
ATTRIBUTION = re.compile(r'^\s+--\s*(.+)$')


def entries(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    for chunk in re.split(r'^%\s*$', text, flags=re.M):
        chunk = chunk.strip('\n')
        if chunk.strip():
            yield chunk


def chinese(path):
    out = []
    for chunk in entries(path):
        title, author, body = '', '', []
        for line in chunk.split('\n'):
            plain = ANSI.sub('', line).strip()
            if not plain:
                continue
            if line.startswith('\x1b[32m'):
                # 《静夜思》, or 题目:《塞上》 in song100
                title = plain.split(':')[-1].strip('《》 ')
            elif line.startswith('\x1b[33m'):
                author = re.split('[：:]', plain, maxsplit=1)[-1]
                author = re.sub(r'[（(].*$', '', author).strip()
            else:
                body.append(plain)
        if body:
            out.append({'text': '\n'.join(body), 'title': title, 'author': author})
    return out


def english(path):
    out = []
    for chunk in entries(path):
        lines = [ANSI.sub('', l).rstrip().replace('\t', '    ') for l in chunk.split('\n')]
        entry = {}
        m = ATTRIBUTION.match(lines[-1]) if lines else None
        if m:
            entry['author'] = m.group(1).strip()
            lines = lines[:-1]
        text = '\n'.join(lines).strip('\n')
        if text.strip():
            entry['text'] = text
            out.append(entry)
    return out


def write_glyphs(docs, path):
    from fontTools import subset
    from fontTools.ttLib import TTFont
    chars = set()
    for doc in docs:
        for e in doc['entries']:
            chars.update(c for c in e['text'] + e.get('title', '') + e.get('author', '') if ord(c) > 0x2000)
    options = subset.Options()
    options.layout_features = []  # ImGui does no shaping
    options.hinting = False
    options.name_IDs = [1, 2]
    font = TTFont(CJK_FONT, fontNumber=0)
    s = subset.Subsetter(options)
    s.populate(unicodes=sorted(ord(c) for c in chars))
    s.subset(font)
    subset.save_font(font, path, options)
    print('%s: %d characters' % (os.path.basename(path), len(chars)))


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: fortunes.py OUT_DIR')
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    sets = [('tang300', chinese, 'Debian fortunes-zh, tang300 (唐诗三百首)'),
            ('song100', chinese, 'Debian fortunes-zh, song100 (Song-dynasty poems, 宋诗)')]
    for name in ('songs-poems', 'computers', 'politics', 'science'):
        sets.append((name, english, 'Debian fortunes, ' + name))
    chinese_docs = []
    for name, convert, source in sets:
        path = os.path.join(SRC, name)
        if not os.path.exists(path):
            sys.exit('fortunes.py: %s is missing (./course deps installs it)' % path)
        doc = {'source': source, 'entries': convert(path)}
        with open(os.path.join(out_dir, name + '.json'), 'w', encoding='utf-8') as f:
            json.dump(doc, f, ensure_ascii=False, separators=(',', ':'))
        print('%s.json: %d entries' % (name, len(doc['entries'])))
        if convert is chinese:
            chinese_docs.append(doc)
    write_glyphs(chinese_docs, os.path.join(out_dir, 'zh-poems.ttf'))


main()

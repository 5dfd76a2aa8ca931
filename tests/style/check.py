#!/usr/bin/python3
"""The project's style rules that a compiler does not check, over the code in git.

usage: check.py [ROOT]
- lines at most 110 columns (East Asian wide characters count as two, as editors show them);
- no comma-operator statements ("a = 1, b = 2;", "if (x) n = 0, reset();"): two statements read
  better than one clever one. A heuristic over C++ and JavaScript; for C++ the fuzz build's clang
  -Werror=comma is the exact check.
Prints "file:line: what" per problem, then "style: N files, M problems"; exits 1 on any problem.
"""
import re
import subprocess
import sys
import unicodedata

MAX = 110
CODE = re.compile(r'(^|/)(course|CMakeLists\.txt)$|\.(cpp|h|js|mjs|py|sh|css|html|in)$')
SKIP = re.compile(r'(^|/)(node_modules|third_party|fixtures|corpus|found)/|package-lock\.json$')

# A statement that assigns, then after a comma assigns or calls again: "a = b, c = d;".
TARGET = r'[A-Za-z_$][\w$.]*(?:\[[^\]]*\]|->[\w$]+|\.[\w$]+)*'
COMMA_STATEMENT = re.compile(
    r'(?:^|[;{}]|\)|\belse\b|\bdo\b)\s*' + TARGET + r'\s*(?:[-+*/%|&^]|<<|>>)?=(?!=)[^=;,(){}?]*,\s*'
    + TARGET + r'\s*(?:\(|(?:[-+*/%|&^]|<<|>>)?=(?!=)|\+\+|--)')


def width(line):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in line)


def strip_strings(line):
    """The line without string literals and // comments (enough for a line-based heuristic)."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    line = re.sub(r'`(\\.|[^`\\])*`', '``', line)
    return re.sub(r'//.*$', '', line)


def check(path, text, problems):
    c_like = re.search(r'\.(cpp|h|js|mjs)$', path)
    for n, line in enumerate(text.split('\n'), 1):
        if width(line) > MAX:
            problems.append(f'{path}:{n}: {width(line)} columns (at most {MAX})')
        if c_like:
            code = strip_strings(line)
            if re.search(r'\bfor\s*\(', code):
                continue  # for (i = 0, j = 1; ...) is the comma's proper use
            if COMMA_STATEMENT.search(code):
                problems.append(f'{path}:{n}: a comma-operator statement: write one statement per line')


def main(root='.'):
    files = subprocess.run(['git', '-C', root, 'ls-files', '--cached', '--others', '--exclude-standard'],
                           capture_output=True, text=True, check=True).stdout.split('\n')
    files = [f for f in files if f and CODE.search(f) and not SKIP.search(f)]
    problems = []
    for f in files:
        try:
            text = open(f'{root}/{f}', encoding='utf-8').read()
        except FileNotFoundError:
            continue  # deleted in the working tree
        check(f, text, problems)
    for p in problems:
        print(p)
    print(f'style: {len(files)} files, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))

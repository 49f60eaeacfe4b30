"""The same Markdown files as an MkDocs project (default theme) and as a minimal Hugo site, for the build comparison."""

from __future__ import annotations

import shutil
from pathlib import Path

LANGS = ("de", "de-leicht", "da", "en")
# MkDocs: the portal's directives become admonitions through pymdownx.blocks.admonition, so that steps, tips,
# warnings, widget and contact blocks are parsed as blocks (MkDocs has no widgets or contacts: they stay empty boxes).
MKDOCS_YML = """\
site_name: Guide portal (benchmark copy)
site_url: http://127.0.0.1:8000/
docs_dir: docs
site_dir: site
theme:
  name: mkdocs
nav:
  - Deutsch: de/index.md
  - Leichte Sprache: de-leicht/index.md
  - Dansk: da/index.md
  - English: en/index.md
validation:
  omitted_files: ignore
  unrecognized_links: ignore
markdown_extensions:
  - pymdownx.blocks.admonition:
      types: [note, tip, warning, step, widget, contact]
"""
HUGO_TOML = """\
baseURL = "http://127.0.0.1:8000/"
title = "Guide portal (benchmark copy)"
disableKinds = ["taxonomy", "term"]
"""
HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode | default "de" }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title><link rel="stylesheet" href="/site.css"></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
"""
HUGO_SINGLE = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .Params.summary }}</p>
{{ .Content }}{{ end }}
"""
HUGO_LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def markdown_files(content: Path) -> list[tuple[str, Path]]:
    """Every page of the content folder as (language, file)."""
    return [(lang, file) for lang in LANGS for file in sorted((content / lang).glob("*.md"))]


def mkdocs_project(content: Path, destination: Path) -> Path:
    """Write an MkDocs project of `content` into `destination`; return its mkdocs.yml."""
    shutil.rmtree(destination, ignore_errors=True)
    docs = destination / "docs"
    for lang, file in markdown_files(content):
        (docs / lang).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, docs / lang / file.name)
    (docs / "index.md").write_text("# Guide portal\n\n[Deutsch](de/index.md) · [English](en/index.md)\n", "utf-8")
    config = destination / "mkdocs.yml"
    config.write_text(MKDOCS_YML, encoding="utf-8")
    return config


def hugo_site(content: Path, destination: Path) -> Path:
    """Write a minimal Hugo site of `content` into `destination` (index.md becomes the section's _index.md)."""
    shutil.rmtree(destination, ignore_errors=True)
    for lang, file in markdown_files(content):
        folder = destination / "content" / lang
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, folder / ("_index.md" if file.name == "index.md" else file.name))
    layouts = destination / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (destination / "static").mkdir()
    (destination / "static" / "site.css").write_text("body { font-family: system-ui, sans-serif; }\n", "utf-8")
    (destination / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    return destination

"""HTML-only bodies as text an engineer can read and the packs' patterns can match line by line."""

from console.ingest.html_text import html_to_text


def test_blocks_lines_and_breaks():
    html = "<p>Hello   team,</p><p>line one<br>line two<br><br>after a blank</p><div>a</div><div>b</div>"
    assert html_to_text(html) == "Hello team,\n\nline one\nline two\n\nafter a blank\n\na\nb"


def test_head_styles_and_scripts_are_dropped_entities_decoded():
    html = ("<html><head><title>T</title><style>p{color:red}</style></head>"
            "<body><script>alert(1)</script><p>caf&eacute; &amp; &lt;tea&gt;</p></body></html>")
    assert html_to_text(html) == "café & <tea>"


def test_lists_tables_and_links():
    html = ('<ul><li>one</li><li>two</li></ul>'
            '<table><tr><th>Product</th><td>MOVEit</td></tr><tr><td>Version</td><td>2024.1</td></tr></table>'
            '<p>see <a href="https://kb.example/1">the article</a> or <a href="https://kb.example/2">'
            'https://kb.example/2</a></p>')
    assert html_to_text(html) == (
        "- one\n- two\n\nProduct | MOVEit\nVersion | 2024.1\n\n"
        "see the article <https://kb.example/1> or https://kb.example/2"
    )


def test_preformatted_text_keeps_its_layout_and_quotes_are_marked():
    html = "<pre>  $ uname -r\n    5.14.0</pre><blockquote><p>earlier message</p></blockquote>"
    assert html_to_text(html) == "  $ uname -r\n    5.14.0\n\n> earlier message"

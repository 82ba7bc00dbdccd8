"""Diagnostics point at the line and column the author typed, also below template blocks that
expand to several lines or to none; template syntax inside code prints as typed."""
from __future__ import annotations

from pypdf import PdfReader

from conftest import flat, question, run_cli, write_project

SUBMISSION = "title: T\norganisation: O\nvars:\n  items: [a, b, c, d]\n  lines: \"one\\ntwo\\nthree\"\n"


def check_lines(project) -> list[str]:
    return run_cli("check", project).output.splitlines()[:-1]       # without the summary


def test_positions_below_a_loop_an_include_and_a_multiline_value(tmp_path):
    body = ("{% for i in vars.items %}\n- item {{ i }}\n{% endfor %}\n"      # lines 4-6: 4 items, 8 lines
            "{% include 'note.md' %}\n"                                     # line 7: 3 lines
            "{{ vars.lines }}\n"                                            # line 8: 3 lines
            "{% if false %}\nnever\n{% endif %}\n"                          # lines 9-11: none
            "See SGD 17 and [x](#nowhere).\n")                              # line 12
    project = write_project(tmp_path, {"01.md": question("Where?", body),
                                       "templates/note.md": "A note\nover three\nlines.\n"}, SUBMISSION)
    assert check_lines(project) == [
        "content/01.md:12:5: warning: 'SGD 17' looks like a typo; write 'SDG 17' [sdg-typo]",
        "content/01.md:12:20: warning: internal link '#nowhere' has no target; link to a question as #q3, a section "
        "or heading by its name, or #part-1 [link-target]"]


def test_errors_in_blocks_written_by_a_loop_point_into_the_loop(tmp_path):
    body = "Intro.\n\n{% for code in ['C2', 'C12'] %}\n```sdg-map\n{{ code }}: [9]\n```\n{% endfor %}\nEnd.\n"
    project = write_project(tmp_path, {"01.md": question("Loop?", body)})
    assert check_lines(project) == [
        "content/01.md:8:1: error: sdg-map: unknown Action Line 'C12'; use C1 to C11 or a C7 sub-line such as "
        "C7-ehealth [sdg-map]"]


def test_template_syntax_in_code_prints_as_typed(tmp_path):
    body = ("Set `${{ secrets.TOKEN }}` and `{% raw %}` in the workflow:\n\n"
            "```yaml\nrun: echo ${{ github.sha }}\n{% if x %}\n```\n\n"
            "    {{ indented }}\n\nBut {{ vars.items | length }} items.\n")
    project = write_project(tmp_path, {"01.md": question("Code?", body)}, SUBMISSION)
    result = run_cli("build", project)
    assert result.exit_code == 0, result.output
    text = flat(PdfReader(project / "build" / "submission.pdf").pages[0].extract_text())
    assert "Set ${{ secrets.TOKEN }} and {% raw %} in the workflow:" in text
    assert "run: echo ${{ github.sha }} {% if x %}" in text and "{{ indented }}" in text
    assert "But 4 items." in text


def test_a_failing_template_tag_outside_code_names_raw(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Braces?", "Fine.\n\nThe {{ name }} of it.")})
    result = run_cli("check", project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "content/01.md:6:1: error: template error: 'name' is undefined; define it under 'vars:' in submission.yaml "
        "or fix the name; to print braces as typed, put them in `code` or between {% raw %} and {% endraw %} "
        "[template]")

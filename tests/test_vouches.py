"""`check` vouches for `build`: it reports an error exactly when a build would fail on the sources,
at the file, line and column the author typed, and every problem comes in one run."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from conftest import question, run_cli, write_project
from strategies import FRONT, MARKDOWN, SUBMISSION, THEME

# Each project has one fault that a build used to meet only while laying out pages.
BROKEN = {
    "theme key typo": ({"templates/theme.yaml": "colours:\n  acent: '#112233'\n"},
                       "templates/theme.yaml:2:1: error: unknown theme key 'colours.acent'; did you mean 'accent'? "
                       "[theme]"),
    "undefined name in the footer": ({"templates/footer.j2": "left: {{ organisation }}\nright: {{ page }}\n"},
                                     "templates/footer.j2:1:1: error: template error: 'organisation' is undefined; "
                                     "define it under 'vars:' in submission.yaml or fix the name [template]"),
    "a header that fails from page 2 on": (
        {"templates/header.j2": "{% if page > 1 %}\nleft: {{ submission.shorttitle.upper() }}\n{% endif %}\n"},
        "templates/header.j2:2:1: error: template error: 'dict object' has no attribute 'shorttitle'; define it "
        "under 'vars:' in submission.yaml or fix the name [template]"),
    "an unknown slot in the header": ({"templates/header.j2": "left: x\nmiddle: y\n"},
                                      "templates/header.j2:2:1: error: header.j2 wrote 'middle:'; each line must "
                                      "start with left, center or right [template]"),
    "space that is not a number": ({"templates/title.j2": "title: {{ submission.title }}\nspace: lots\n"},
                                   "templates/title.j2:2:1: error: 'space: lots' needs a number of points [template]"),
    "a logo the title block cannot find": ({"templates/title.j2": "title: T\nlogo: assets/none.png\n"},
                                           "templates/title.j2:2:1: error: logo: image 'assets/none.png' not found: "
                                           "expected it at content/assets/none.png [image]"),
    "an unknown kind in the title block": ({"templates/title.j2": "title: T\n\nbanner: B\n"},
                                           "templates/title.j2:3:1: error: title.j2 wrote 'banner:'; each line must "
                                           "start with one of logo, title, subtitle, organisation, meta, body, rule, "
                                           "space or pagebreak [template]"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_check_reports_what_would_stop_the_build(tmp_path, name):
    files, expected = BROKEN[name]
    project = write_project(tmp_path, {"01.md": question("One?", "Text."), **files})
    checked = run_cli("check", project)
    assert checked.exit_code == 1
    assert checked.output.splitlines()[0] == expected
    built = run_cli("build", project)
    assert built.exit_code == 1 and built.output.splitlines()[0] == expected
    assert not (project / "build").exists()


def test_every_problem_comes_in_one_run(tmp_path):
    project = write_project(tmp_path, {
        "01.md": question("One?", "Fine {{ vars.nope }}."),
        "02.md": question("Two?", "```sdg-map\nC12: [4]\n```\n\nSee SDG 18."),
        "03.md": "---\nqestion: Three?\n---\nText.\n",
        "templates/theme.yaml": "tables:\n  rows: striped\n",
        "templates/footer.j2": "left: {{ nothing }}\n"})
    lines = run_cli("check", project).output.splitlines()
    assert [line.split(": error")[0] for line in lines if ": error" in line] == [
        "content/03.md:2:1", "templates/theme.yaml:2:1"]
    (project / "content" / "03.md").write_text(question("Three?", "Text."))
    lines = run_cli("check", project).output.splitlines()
    assert [line.split(": error")[0] for line in lines if ": error" in line] == [
        "content/01.md:4:1", "content/02.md:5:1", "content/02.md:8:9", "templates/footer.j2:1:1",
        "templates/theme.yaml:2:1"]


def _same_verdict(project) -> None:
    checked, built = run_cli("check", project), run_cli("build", project)
    assert checked.exit_code in (0, 1) and built.exit_code in (0, 1), (checked.output, built.output)
    assert checked.exit_code == built.exit_code, (checked.output, built.output)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=MARKDOWN, front=FRONT)
def test_check_and_build_agree_on_any_answer(tmp_path, body, front):
    text = yaml.safe_dump({"question": "Q?", **front}) if front else "question: Q?\n"
    _same_verdict(write_project(tmp_path, {"01.md": f"---\n{text}---\n{body}\n"},
                                "title: T\norganisation: O\nvars:\n  x: 1\n"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(theme=THEME, body=MARKDOWN)
def test_check_and_build_agree_on_any_theme(tmp_path, theme, body):
    _same_verdict(write_project(tmp_path, {"01.md": question("Q?", body),
                                           "templates/theme.yaml": yaml.safe_dump(theme)}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(submission=SUBMISSION)
def test_check_and_build_agree_on_any_submission_yaml(tmp_path, submission):
    _same_verdict(write_project(tmp_path, {"01.md": question("Q?", "Text {{ submission.title }}.")}, submission))

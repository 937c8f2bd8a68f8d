"""Regenerate the pictures and PDF attachments of the gymnasium sample (tests/samples/gymnasium).

Every file is drawn here, not photographed: charts, schemes and classroom-like scenes made of
shapes (no people's faces), and two short PDFs typeset with WeasyPrint. Run it from anywhere:

    /work/main/.venv/bin/python tests/samples/gymnasium/make_pictures.py

The output is written under content/files/ beside this script; each file stays under 100 KB.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FILES = Path(__file__).resolve().parent / "content" / "files"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

INK = (38, 50, 72)
PAPER = (250, 248, 242)
TEAL = (0, 121, 107)
ORANGE = (230, 126, 34)
SKY = (176, 212, 232)
WOOD = (186, 140, 92)
BOARD = (46, 94, 70)
GREY = (160, 166, 176)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu (it has Cyrillic) when present, Pillow's own font otherwise."""
    try:
        return ImageFont.truetype(FONT_BOLD if bold else FONT, size)
    except OSError:
        return ImageFont.load_default()


def canvas(width: int = 800, height: int = 450) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width, height), PAPER)
    return image, ImageDraw.Draw(image)


def save(image: Image.Image, rel: str) -> None:
    path = FILES / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".png":
        # A palette keeps flat drawings small.
        image.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).save(path, optimize=True)
    else:
        image.save(path, quality=82, optimize=True)
    assert path.stat().st_size < 100_000, f"{rel} is {path.stat().st_size} bytes"
    print(f"{rel}: {path.stat().st_size} bytes")


def bar_chart(rel: str, title: str, labels: list[str], before: list[float], after: list[float],
              legend: tuple[str, str], top: float) -> None:
    """Grouped bars: a value «before» and «after» for each label."""
    image, draw = canvas()
    draw.text((30, 18), title, fill=INK, font=font(22, bold=True))
    left, bottom, right, height = 80, 380, 770, 290
    draw.line((left, bottom, right, bottom), fill=INK, width=2)
    draw.line((left, bottom, left, bottom - height), fill=INK, width=2)
    for step in range(0, int(top) + 1, max(1, int(top) // 5)):
        y = bottom - height * step / top
        draw.line((left - 5, y, right, y), fill=(225, 225, 225))
        draw.text((left - 40, y - 8), str(step), fill=INK, font=font(14))
    slot = (right - left) / len(labels)
    for i, label in enumerate(labels):
        x = left + slot * i + slot * 0.15
        width = slot * 0.32
        for j, (value, colour) in enumerate(((before[i], GREY), (after[i], TEAL))):
            x0 = x + j * width
            draw.rectangle((x0, bottom - height * value / top, x0 + width - 4, bottom), fill=colour)
        draw.text((left + slot * i + 8, bottom + 10), label, fill=INK, font=font(14))
    for j, (text, colour) in enumerate(zip(legend, (GREY, TEAL))):
        draw.rectangle((540, 60 + 26 * j, 558, 78 + 26 * j), fill=colour)
        draw.text((566, 60 + 26 * j), text, fill=INK, font=font(15))
    save(image, rel)


def line_chart(rel: str, title: str, months: list[str], values: list[int], top: int) -> None:
    image, draw = canvas()
    draw.text((30, 18), title, fill=INK, font=font(22, bold=True))
    left, bottom, right, height = 80, 380, 760, 280
    draw.line((left, bottom, right, bottom), fill=INK, width=2)
    draw.line((left, bottom, left, bottom - height), fill=INK, width=2)
    step_x = (right - left) / (len(months) - 1)
    points = [(left + step_x * i, bottom - height * v / top) for i, v in enumerate(values)]
    draw.line(points, fill=ORANGE, width=4)
    for (x, y), month, value in zip(points, months, values):
        draw.ellipse((x - 7, y - 7, x + 7, y + 7), fill=ORANGE, outline=INK)
        draw.text((x - 8, y - 32), str(value), fill=INK, font=font(15, bold=True))
        draw.text((x - 16, bottom + 10), month, fill=INK, font=font(14))
    save(image, rel)


def person(draw: ImageDraw.ImageDraw, x: float, y: float, colour: tuple[int, int, int]) -> None:
    """A figure as two shapes (head and shoulders), seen from behind: no face at all."""
    draw.ellipse((x - 11, y - 34, x + 11, y - 12), fill=(96, 72, 58))
    draw.pieslice((x - 22, y - 12, x + 22, y + 30), 180, 360, fill=colour)


def classroom(rel: str) -> None:
    """Desks in a circle in front of a board: the club of young teachers."""
    image, draw = canvas()
    draw.rectangle((0, 300, 800, 450), fill=(222, 208, 186))
    draw.rectangle((180, 40, 620, 170), fill=BOARD, outline=WOOD, width=8)
    draw.text((215, 70), "Открытый микрофон", fill=(240, 240, 230), font=font(30, bold=True))
    draw.text((215, 118), "тема встречи: трудный урок", fill=(220, 235, 220), font=font(20))
    for x in (40, 700):
        draw.rectangle((x, 50, x + 70, 190), fill=SKY, outline=(255, 255, 255), width=5)
        draw.line((x + 35, 50, x + 35, 190), fill=(255, 255, 255), width=3)
    colours = [TEAL, ORANGE, (90, 110, 170), (150, 90, 130), (200, 160, 40), (80, 140, 90)]
    for i, (x, y) in enumerate([(150, 300), (300, 270), (500, 270), (650, 300), (260, 390), (540, 390)]):
        person(draw, x, y - 8, colours[i])
        draw.rounded_rectangle((x - 45, y + 12, x + 45, y + 36), radius=6, fill=WOOD)
    draw.ellipse((370, 330, 430, 360), fill=(120, 120, 120))  # the «microphone» passed around
    save(image, rel)


def laboratory(rel: str) -> None:
    """A lab bench: a stand with a pendulum, a ruler and a stopwatch."""
    image, draw = canvas()
    draw.rectangle((0, 330, 800, 450), fill=WOOD)
    draw.rectangle((120, 320, 260, 336), fill=INK)
    draw.rectangle((180, 80, 192, 320), fill=INK)
    draw.rectangle((180, 80, 380, 92), fill=INK)
    draw.line((360, 92, 300, 270), fill=GREY, width=3)
    draw.ellipse((282, 262, 318, 298), fill=ORANGE, outline=INK, width=2)
    draw.arc((220, 150, 500, 330), 60, 120, fill=TEAL, width=3)
    draw.rectangle((430, 300, 720, 326), fill=(240, 220, 120), outline=INK)
    for i in range(30):
        x = 440 + i * 9.5
        draw.line((x, 300, x, 310 if i % 5 else 318), fill=INK)
    draw.ellipse((560, 150, 680, 270), fill=(255, 255, 255), outline=INK, width=5)
    draw.line((620, 210, 620, 165), fill=INK, width=4)
    draw.line((620, 210, 655, 225), fill=ORANGE, width=4)
    draw.text((30, 20), "Маятник: время десяти колебаний", fill=INK, font=font(24, bold=True))
    save(image, rel)


def cycle(rel: str, title: str, steps: list[str]) -> None:
    """A scheme: the steps of a group meeting placed on a circle, joined by arrows."""
    import math

    image, draw = canvas()
    draw.text((30, 18), title, fill=INK, font=font(22, bold=True))
    cx, cy, radius = 400, 245, 150
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=GREY, width=3)
    for i, step in enumerate(steps):
        angle = -math.pi / 2 + 2 * math.pi * i / len(steps)
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        draw.rounded_rectangle((x - 95, y - 24, x + 95, y + 24), radius=12, fill=TEAL if i % 2 else ORANGE)
        width = draw.textlength(step, font=font(16))
        draw.text((x - width / 2, y - 10), step, fill=(255, 255, 255), font=font(16))
    save(image, rel)


def round_tables(rel: str, title: str) -> None:
    """Round tables with figures around them: the networking session."""
    image, draw = canvas()
    draw.rectangle((0, 0, 800, 450), fill=(236, 240, 246))
    draw.text((30, 18), title, fill=INK, font=font(24, bold=True))
    colours = [TEAL, ORANGE, (90, 110, 170), (150, 90, 130)]
    for n, (cx, cy) in enumerate([(200, 220), (600, 220), (400, 360)]):
        for k in range(5):
            x = cx + 95 * (-1 + k / 2)
            y = cy - 40 if k % 2 else cy + 55
            person(draw, x, y, colours[(n + k) % 4])
        draw.ellipse((cx - 110, cy - 30, cx + 110, cy + 30), fill=WOOD, outline=INK, width=2)
        for k in range(3):
            draw.rectangle((cx - 60 + 40 * k, cy - 10, cx - 35 + 40 * k, cy + 8), fill=(250, 230, 120))
    save(image, rel)


def game_board(rel: str) -> None:
    """A business game: teams' boards with cards and a timer."""
    image, draw = canvas()
    draw.text((30, 18), "Твой результат – мои возможности", fill=INK, font=font(24, bold=True))
    for i, colour in enumerate((TEAL, ORANGE, (90, 110, 170))):
        x = 40 + i * 250
        draw.rectangle((x, 70, x + 220, 330), fill=(255, 255, 255), outline=colour, width=6)
        draw.text((x + 16, 82), f"Команда {i + 1}", fill=colour, font=font(20, bold=True))
        for row in range(3):
            for col in range(2):
                draw.rectangle((x + 18 + col * 100, 125 + row * 65, x + 105 + col * 100, 175 + row * 65),
                               fill=(250, 230, 120) if (row + col + i) % 2 else (200, 230, 220))
    for k in range(6):
        person(draw, 110 + k * 120, 420, (TEAL, ORANGE, (90, 110, 170))[k % 3])
    save(image, rel)


PDF_CSS = """
@page { size: A4; margin: 18mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; color: #263248; }
h1 { font-size: 16pt; color: #00796b; }
h2 { font-size: 13pt; }
td, th { border: 1px solid #999; padding: 3pt 6pt; }
table { border-collapse: collapse; }
"""


def pdf(rel: str, title: str, body: str) -> None:
    from weasyprint import HTML

    path = FILES / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    html = (f'<html lang="ru"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="author" content="МАОУ «Гимназия № 3» г. Светлоборска">'
            f'<style>{PDF_CSS}</style></head><body><h1>{title}</h1>{body}</body></html>')
    HTML(string=html).write_pdf(path, pdf_variant="pdf/ua-1")
    assert path.stat().st_size < 100_000, f"{rel} is {path.stat().st_size} bytes"
    print(f"{rel}: {path.stat().st_size} bytes")


def main() -> None:
    bar_chart("practices/tetradi-diagramma.png", "Ошибки при проверке сочинений (на 10 работ)",
              ["пропуск", "оценка", "комментарий", "сроки"], [6, 4, 7, 3], [2, 1, 2, 0],
              ("сентябрь", "май"), 8)
    line_chart("practices/cifrovoy-chas-grafik.png", "Педагоги, применяющие новые цифровые сервисы",
               ["окт", "ноя", "дек", "янв", "фев", "мар", "апр"], [3, 5, 8, 9, 13, 16, 19], 20)
    bar_chart("practices/laboratoriya-rezultaty.png", "Лабораторные работы 8 класса: средний балл",
              ["8 «А»", "8 «Б»", "8 «В»"], [3.4, 3.2, 3.6], [4.1, 3.9, 4.2], ("I четверть", "IV четверть"), 5)
    classroom("practices/klub-otkrytyy-mikrofon.png")
    laboratory("practices/laboratoriya-mayatnik.png")
    cycle("practices/nachalnaya-shkola-cikl.png", "Цикл встречи методической мастерской",
          ["вопрос", "показ", "проба", "разбор", "решение"])
    cycle("practices/psiholog-shema.png", "Маршрут сопровождения класса",
          ["наблюдение", "беседа", "план", "занятия", "итоги"])
    round_tables("news/netvorking-stoly.jpg", "Нетворкинг: три стола — три вопроса")
    game_board("news/delovaya-igra-doski.jpg")
    pdf("materials/pamyatka-netvorking.pdf", "Памятка ведущего стола нетворкинга",
        "<p>Стол рассчитан на шесть участников и двадцать минут работы. Ведущий задаёт вопрос, "
        "следит за временем и записывает договорённости на карточку.</p>"
        "<h2>Порядок работы</h2><ol><li>Знакомство по кругу: имя, предмет, одна удача недели.</li>"
        "<li>Вопрос стола и пять минут на размышление.</li><li>Обсуждение, запись идей на стикерах.</li>"
        "<li>Одна договорённость, которую пара выполнит до конца месяца.</li></ol>")
    pdf("materials/scenariy-delovoy-igry.pdf", "Сценарий деловой игры «Твой результат – мои возможности»",
        "<p>Продолжительность — 90 минут, три команды по шесть человек, в каждой наставники и молодые "
        "педагоги.</p><table><tr><th>Этап</th><th>Время</th><th>Что делают команды</th></tr>"
        "<tr><td>Вход в игру</td><td>10 мин</td><td>Получают кейс и роли</td></tr>"
        "<tr><td>Разработка</td><td>40 мин</td><td>Составляют план урока по кейсу</td></tr>"
        "<tr><td>Защита</td><td>30 мин</td><td>Показывают фрагмент и отвечают на вопросы</td></tr>"
        "<tr><td>Рефлексия</td><td>10 мин</td><td>Каждый называет одну возможность для себя</td></tr>"
        "</table>")
    pdf("materials/programma-obucheniya-nastavnikov.pdf", "Программа обучения наставников второго года",
        "<table><tr><th>Занятие</th><th>Тема</th><th>Формат</th></tr>"
        "<tr><td>1</td><td>Позиция наставника: поддержка без опеки</td><td>семинар</td></tr>"
        "<tr><td>2</td><td>Наблюдение урока и обратная связь</td><td>практикум</td></tr>"
        "<tr><td>3</td><td>Групповые формы наставничества</td><td>мастер-класс</td></tr>"
        "<tr><td>4</td><td>Оценка результатов наставничества</td><td>круглый стол</td></tr></table>"
        "<p>Каждое занятие ведут два эксперта: один из методической службы, другой — действующий "
        "наставник другой школы.</p>")
    pdf("docs/polozhenie-o-nastavnichestve-gimnaziya.pdf", "Положение о наставничестве (выдержка)",
        "<p>Настоящее положение определяет порядок организации наставничества педагогических работников "
        "гимназии, права и обязанности наставников и наставляемых.</p>"
        "<p>Наставническая пара или группа закрепляется приказом директора; индивидуальный план "
        "утверждается не позднее двадцатого сентября.</p>")


if __name__ == "__main__":
    main()

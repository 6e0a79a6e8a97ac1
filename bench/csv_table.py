"""The CSV side of bench/csv_bench.sh, with Python's csv module as the anchor.

  python3 csv_table.py generate OUT.csv ROWS      a deterministic Open-Sora style table
  python3 csv_table.py filter IN.csv OUT.csv MIN  what `strata data filter --min-frames MIN` does
  python3 csv_table.py compare A.csv B.csv        same header and rows once parsed (not bytes)
"""
import csv
import random
import sys

COLUMNS = ["path", "text", "num_frames", "height", "width", "aspect_ratio", "resolution", "fps", "file_size"]
WORDS = ("a man walks his dog along the beach at sunset while waves roll in slowly; "
         "close-up of a chef slicing onions, steam rising from the pan in a busy kitchen; "
         "drone shot over snowy mountains with a winding road and tiny cars").split()
SIZES = [(256, 256), (360, 640), (480, 854), (720, 1280), (1080, 1920), (1920, 1080)]


def caption(rng):
    words = rng.sample(WORDS, rng.randint(3, 8))
    text = " ".join(words)
    kind = rng.random()
    # The hard cases of RFC 4180, often enough to matter for speed: commas, doubled quotes,
    # and line breaks inside quoted fields (LF and CRLF).
    if kind < 0.30:
        text += ", " + " ".join(rng.sample(WORDS, 3))
    elif kind < 0.40:
        text = 'She said "' + text + '" and left'
    elif kind < 0.45:
        text += "\n" + " ".join(rng.sample(WORDS, 3))
    elif kind < 0.47:
        text += "\r\nsecond line"
    elif kind < 0.48:
        text = "日本語のキャプション 🎬, " + text
    return text


def generate(out, rows):
    rng = random.Random(20240607)
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for i in range(rows):
            height, width = rng.choice(SIZES)
            frames = rng.randint(8, 400)
            # About one row in a hundred has no frame count yet, so the filter must drop it.
            frames_text = "" if rng.random() < 0.01 else str(frames)
            fps = rng.choice(["23.976", "24.0", "25.0", "29.97", "30.0", "60.0"])
            writer.writerow([f"clips/{i // 1000:05d}/video_{i:07d}.mp4", caption(rng), frames_text, height, width,
                             repr(height / width), height * width, fps, rng.randint(100_000, 90_000_000)])


def filter_rows(source, out, minimum):
    with open(source, newline="", encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as g:
        reader = csv.reader(f)
        writer = csv.writer(g)
        header = next(reader)
        writer.writerow(header)
        column = header.index("num_frames")
        for row in reader:
            try:
                if float(row[column]) >= minimum:
                    writer.writerow(row)
            except (ValueError, IndexError):
                pass


def compare(a, b):
    with open(a, newline="", encoding="utf-8") as f, open(b, newline="", encoding="utf-8") as g:
        rows = 0
        for x, y in zip(csv.reader(f), csv.reader(g), strict=True):
            if x != y:
                sys.exit(f"rows differ after {rows} equal rows:\n  {x}\n  {y}")
            rows += 1
    print(f"same {rows} rows (header included) in both outputs")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "generate":
        generate(args[0], int(args[1]))
    elif command == "filter":
        filter_rows(args[0], args[1], float(args[2]))
    elif command == "compare":
        compare(args[0], args[1])
    else:
        sys.exit(__doc__)

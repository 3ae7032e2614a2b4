/* The floors: the least a program can do for what a diary command does.
 *
 *   floor DB         one `diary log`: opens an existing WAL database, sets synchronous=FULL
 *                    (per connection, as diary does), and inserts one row in one BEGIN
 *                    IMMEDIATE transaction with a prepared statement. No schema checks, no
 *                    parsing, no output.
 *   floor read DB    what every report, analysis and export must at least do: read every
 *                    episode row, every column, in onset order (the diary's own order), and
 *                    look at each value once. No output.
 *
 *   cc -O2 bench/floor.c -o floor -lsqlite3     (bench/bench.sh builds it)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

/* A random version-4 UUID made by SQLite, as the diary's schema wants one per episode. */
#define UUID                                                                                      \
  "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"                      \
  " substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||" \
  " substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"

static int fail(sqlite3* db, const char* what) {
  fprintf(stderr, "floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
  sqlite3_close(db);
  return 1;
}

static int read_all(const char* file) {
  sqlite3* db = NULL;
  sqlite3_stmt* st = NULL;
  unsigned long long bytes = 0;
  if (sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    return fail(db, "open");
  if (sqlite3_prepare_v2(db, "SELECT * FROM episode ORDER BY onset_utc, id", -1, &st, NULL) != SQLITE_OK)
    return fail(db, "prepare");
  while (sqlite3_step(st) == SQLITE_ROW) {
    const int columns = sqlite3_column_count(st);
    for (int c = 0; c < columns; ++c) {
      sqlite3_column_text(st, c);
      bytes += (unsigned long long)sqlite3_column_bytes(st, c);
    }
  }
  sqlite3_finalize(st);
  /* The sum is the work's only result: print it to stderr so that none of it is skipped. */
  fprintf(stderr, "%llu\n", bytes);
  return sqlite3_close(db) == SQLITE_OK ? 0 : 1;
}

int main(int argc, char** argv) {
  sqlite3* db = NULL;
  sqlite3_stmt* st = NULL;
  if (argc == 3 && argv[1][0] == 'r') return read_all(argv[2]);
  if (argc != 2) {
    fprintf(stderr, "usage: floor DB | floor read DB\n");
    return 2;
  }
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    return fail(db, "open");
  sqlite3_busy_timeout(db, 15000);
  if (sqlite3_exec(db, "PRAGMA synchronous=FULL; BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return fail(db, "begin");
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO episode (uuid, onset_utc, onset_offset_min, timezone, duration_min, intensity,"
                         " onset_speed, locations, side, sensations, muscle_hard, posture, relief, relief_effect,"
                         " relief_min, returned_when_still, signs, note)"
                         " VALUES (" UUID ", ?, 60, 'Europe/Berlin', 3, 6, 'sudden', '[\"calf\"]', 'right',"
                         " '[\"cramp\",\"knot\"]', 1, 'side', '[\"stretch\",\"stand\"]', 'full', 2, 0, '[]',"
                         " 'woke with a calf cramp')",
                         -1, &st, NULL) != SQLITE_OK)
    return fail(db, "prepare");
  sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL) - 3600);
  if (sqlite3_step(st) != SQLITE_DONE) return fail(db, "insert");
  sqlite3_finalize(st);
  if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return fail(db, "commit");
  return sqlite3_close(db) == SQLITE_OK ? 0 : 1;
}

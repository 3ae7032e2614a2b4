#!/usr/bin/env python3
"""Browser tests of the phone page served by the real `diary serve`.

Starts `diary --db TMP/d.db --tz Europe/Berlin serve --port 0`, opens the address it prints
in headless Chromium at phone size (390x844) and works the page like a user: pairing, one-tap
log, details, start/stop, the morning check-in, editing and deleting, a warning sign, the
themes and the outbox across a server restart. Checks what was saved with `diary list --json`
and `diary night --json`.

    test_page.py [DIARY_BIN]        (or the environment variable DIARY_BIN)
    DIARY_SCREENSHOT=docs/phone.png  also saves a phone-size screenshot there

Exit status 77 (ctest's SKIP_RETURN_CODE) when chromium-driver is not installed.
Only the standard library and Debian's python3-selenium.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

SKIP = 77
TZ = 'Europe/Berlin'
WAIT = 15           # seconds for any one thing to show up in the page
ADDRESS = re.compile(r'^http://127\.0\.0\.1:(\d+)/#k=(\S+)$')


def find_driver():
    return shutil.which('chromedriver') or next(
        (p for p in ('/usr/bin/chromedriver', '/usr/lib/chromium/chromedriver') if os.path.exists(p)), None)


def find_chromium():
    return shutil.which('chromium') or shutil.which('chromium-browser') or (
        '/usr/bin/chromium' if os.path.exists('/usr/bin/chromium') else None)


DIARY_BIN = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get('DIARY_BIN')
DRIVER = find_driver()
if DRIVER is None:
    print('SKIP: chromium-driver is not installed (Debian: apt-get install chromium-driver); '
          'the browser tests of the phone page did not run.')
    sys.exit(SKIP)

from selenium import webdriver  # noqa: E402  (after the skip check on purpose)
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


class Server:
    """One `diary serve` process; its first stdout line is the address with the code."""

    def __init__(self, db, port=0):
        self.db = db
        self.errlog = open(db + '.serve.log', 'ab')
        deadline = time.monotonic() + 20
        while True:
            self.proc = subprocess.Popen(
                [DIARY_BIN, '--db', db, '--tz', TZ, 'serve', '--port', str(port)],
                stdout=subprocess.PIPE, stderr=self.errlog, stdin=subprocess.DEVNULL)
            line = self._first_line(deadline)
            if line is not None:
                break
            # A restart on the same port may find it still held for a moment: try again.
            self.proc.wait(timeout=5)
            if port == 0 or time.monotonic() > deadline:
                self.errlog.close()
                with open(db + '.serve.log', 'rb') as f:
                    err = f.read()[-600:].decode('utf-8', 'replace').strip()
                raise AssertionError('diary serve exited (%d) without printing an address; stderr: %s'
                                     % (self.proc.returncode, err or '(empty)'))
            time.sleep(0.3)
        m = ADDRESS.match(line)
        if not m:
            self.stop()
            raise AssertionError('first line of diary serve is not http://127.0.0.1:PORT/#k=CODE: %r' % line)
        self.address, self.port, self.code = line, int(m.group(1)), m.group(2)
        # Keep reading stdout (a QR code may follow) so the server never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _first_line(self, deadline):
        box = {}

        def read():
            box['line'] = self.proc.stdout.readline().decode('utf-8', 'replace').strip()
        t = threading.Thread(target=read, daemon=True)
        t.start()
        t.join(max(0.1, deadline - time.monotonic()))
        if t.is_alive():
            self.stop()
            raise AssertionError('diary serve printed nothing within 20 s')
        return box.get('line') or None

    def _drain(self):
        try:
            for _ in self.proc.stdout:
                pass
        except (OSError, ValueError):
            pass

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.errlog.close()
        try:
            self.proc.stdout.close()
        except (OSError, ValueError):
            pass
        return self.proc.returncode


def diary(db, *args):
    r = subprocess.run([DIARY_BIN, '--db', db, '--tz', TZ, *args], capture_output=True, timeout=30)
    if r.returncode != 0:
        raise AssertionError('diary %s failed (%d): %s' % (' '.join(args), r.returncode, r.stderr.decode()))
    return json.loads(r.stdout)


def episodes(db):
    return diary(db, 'list', '--json')


class PageTest(unittest.TestCase):
    """The steps share one diary, one server and one browser, and run in name order."""

    @classmethod
    def setUpClass(cls):
        if not DIARY_BIN or not os.access(DIARY_BIN, os.X_OK):
            raise AssertionError('give the diary binary as the first argument or in DIARY_BIN')
        cls.tmp = tempfile.mkdtemp(prefix='diary-page-')
        cls.db = os.path.join(cls.tmp, 'd.db')
        cls.server = cls.driver = None
        try:
            cls.server = Server(cls.db)
            cls.start_browser()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start_browser(cls):
        os.environ['TZ'] = TZ   # the browser's clock zone, as the diary's
        opts = webdriver.ChromeOptions()
        chromium = find_chromium()
        if chromium:
            opts.binary_location = chromium
        for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                  '--window-size=390,844', '--no-first-run', '--user-data-dir=' + os.path.join(cls.tmp, 'profile')):
            opts.add_argument(a)
        opts.add_experimental_option('mobileEmulation', {
            'deviceMetrics': {'width': 390, 'height': 844, 'pixelRatio': 2.0, 'touch': True},
            'userAgent': 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 '
                         '(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'})
        opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        cls.driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=opts)
        cls.driver.set_page_load_timeout(30)
        cls.driver.set_script_timeout(10)
        cls.driver.execute_cdp_cmd('Emulation.setTimezoneOverride', {'timezoneId': TZ})
        cls.dark()

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.driver:
                cls.driver.quit()
        finally:
            try:
                if cls.server:
                    cls.server.stop()
            finally:
                shutil.rmtree(cls.tmp, ignore_errors=True)

    # ---- helpers ---------------------------------------------------------------------
    @classmethod
    def dark(cls, scheme='dark'):
        cls.driver.execute_cdp_cmd('Emulation.setEmulatedMedia',
                                   {'features': [{'name': 'prefers-color-scheme', 'value': scheme}]})

    def wait(self, cond, what, timeout=WAIT):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda d: cond())
        except TimeoutException:
            self.fail('timed out after %d s waiting for %s; status: %r; alerts: %r' % (
                timeout, what, self.text('status'), self.text('alerts')))

    def wait_db(self, cond, what, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while True:
            eps = episodes(self.db)
            if cond(eps):
                return eps
            if time.monotonic() > deadline:
                self.fail('timed out waiting for %s; diary list: %s' % (what, json.dumps(eps)))
            time.sleep(0.2)

    def el(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self, id_):
        try:
            return self.driver.find_element(By.ID, id_).text
        except Exception:  # noqa: BLE001  (only for failure messages)
            return ''

    def shown(self, id_):
        return self.driver.find_element(By.ID, id_).is_displayed()

    def tap(self, css):
        e = self.wait(lambda: (lambda x: x if x.is_displayed() and x.is_enabled() else None)(self.el(css)), css)
        self.driver.execute_script('arguments[0].scrollIntoView({block: "center"})', e)
        e.click()
        return e

    def toggle(self, group, term):
        return self.tap('%s button[data-term="%s"]' % (group, term))

    def ready(self):
        self.wait(lambda: self.driver.execute_script(
            'return document.documentElement.getAttribute("data-ready") === "1"'), 'the page to start')

    def open(self, url):
        self.driver.get(url)
        self.ready()

    def background(self, selector='html'):
        rgb = self.driver.execute_script(
            'return getComputedStyle(document.querySelector(arguments[0])).backgroundColor', selector)
        nums = [float(x) for x in re.findall(r'[\d.]+', rgb)[:3]]
        return sum(nums) / (3 * 255), rgb

    def view(self, name):
        self.tap('#tabs button[data-view="%s"]' % name)

    # ---- the steps -------------------------------------------------------------------
    def test_01_pairs_by_the_address(self):
        self.open(self.server.address)
        self.wait(lambda: '#' not in self.driver.current_url, 'the code to leave the address bar')
        self.assertFalse(self.shown('unpaired'), 'the page says it is not connected')
        log = self.el('#log')
        self.assertTrue(log.accessible_name.startswith('Log'), log.accessible_name)
        self.assertGreaterEqual(log.size['height'], 56)
        # A reload still has the session (the cookie), without the code.
        self.open(self.driver.current_url)
        self.assertFalse(self.shown('unpaired'))

    def test_02_log_with_one_tap(self):
        self.tap('#log')
        self.wait(lambda: 'Saved' in self.text('status'), 'the saved message')
        eps = self.wait_db(lambda e: len(e) == 1, 'one episode')
        self.assertIn('night', eps[0])
        self.assertTrue(self.shown('details'), 'the details row is offered')

    def test_03_details_in_the_second_row(self):
        for group, term in (('#detail-groups', 'calf'), ('#detail-groups', 'cramp'),
                            ('#detail-groups', 'stretch'), ('#detail-groups', 'left')):
            btn = self.toggle(group, term)
            self.wait(lambda: btn.get_attribute('aria-pressed') == 'true', term + ' pressed')
            self.assertGreaterEqual(btn.size['height'], 56)
        self.wait_db(lambda e: len(e) == 1 and e[0].get('locations') == ['calf'] and e[0].get('sensations') == ['cramp']
                     and e[0].get('relief') == ['stretch'] and e[0].get('side') == 'left', 'the details saved')
        # "Same as last time" on a new episode copies them.
        self.tap('#log')
        self.wait_db(lambda e: len(e) == 2, 'a second episode')
        self.wait(lambda: 'Saved' in self.text('status'), 'the second saved message')
        self.tap('#same')
        self.wait_db(lambda e: len(e) == 2 and max(e, key=lambda x: x['id']).get('locations') == ['calf']
                     and max(e, key=lambda x: x['id']).get('side') == 'left', 'the copied details')
        shot = os.environ.get('DIARY_SCREENSHOT')
        if shot:
            self.driver.execute_script('window.scrollTo(0, 0)')
            os.makedirs(os.path.dirname(os.path.abspath(shot)), exist_ok=True)
            self.assertTrue(self.driver.get_screenshot_as_file(shot), 'screenshot to ' + shot)

    def test_04_a_warning_sign_shows_at_once(self):
        self.tap('details.more summary')
        for sign in ('swelling', 'warmth', 'redness'):
            self.toggle('#detail-signs', sign)
        self.wait(lambda: 'clot' in self.text('alerts'), 'the blood clot warning', timeout=10)
        alerts = self.el('#alerts')
        self.assertEqual(alerts.get_attribute('role'), 'alert')
        self.assertTrue(alerts.is_displayed())
        self.assertIn('get medical care today', self.text('alerts').lower())  # the urgent level's one wording
        # The heading is the diary's own title for the sign (the API's "title"), not the page's.
        heads = [h.text for h in self.driver.find_elements(By.CSS_SELECTOR, '#alerts h2')]
        self.assertIn('Warning sign: one leg swollen, warm or red', heads)
        newest = max(episodes(self.db), key=lambda x: x['id'])
        self.assertEqual(sorted(newest.get('signs', [])), ['redness', 'swelling', 'warmth'])

    def test_05_start_and_stop(self):
        before = len(episodes(self.db))
        self.tap('#start')
        self.wait(lambda: self.shown('running'), 'the running episode')
        self.assertRegex(self.text('elapsed'), r'minute')
        eps = self.wait_db(lambda e: len(e) == before + 1, 'the open episode')
        self.assertTrue(max(eps, key=lambda x: x['id']).get('ongoing'), 'the new episode is open')
        self.tap('#stop')
        self.wait(lambda: not self.shown('running'), 'the running episode to end')
        self.wait_db(lambda e: not max(e, key=lambda x: x['id']).get('ongoing')
                     and 'duration_min' in max(e, key=lambda x: x['id']), 'the closed episode with a duration')

    def test_06_morning_check_in_and_a_quiet_night(self):
        self.view('morning')
        day = self.el('#night-day').get_attribute('value')
        self.assertRegex(day, r'^\d{4}-\d\d-\d\d$')
        self.wait(lambda: len(self.driver.find_elements(By.CSS_SELECTOR, '#night-episodes li')) >= 3,
                  "the night's episodes first")
        self.driver.execute_script(
            'document.getElementById("bed").value = "22:50"; document.getElementById("wake").value = "06:40";')
        self.toggle('#night-groups', '3')
        self.toggle('#night-groups', 'light')
        self.tap('#night-form button[type="submit"]')
        self.wait(lambda: 'Saved the night' in self.text('status'), 'the saved night')
        n = diary(self.db, 'night', '--date', day, '--json')
        self.assertEqual(n.get('sleep_quality'), 3)
        self.assertEqual(n.get('exercise'), 'light')
        self.assertIn('T22:50', n.get('bed', ''))
        self.assertIn('T06:40', n.get('wake', ''))
        # A quiet night two nights earlier.
        quiet_day = self.driver.execute_script(
            'const d = new Date(arguments[0] + "T12:00"); d.setDate(d.getDate() - 2);'
            'return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");', day)
        self.driver.execute_script(
            'const i = document.getElementById("night-day"); i.value = arguments[0];'
            'i.dispatchEvent(new Event("change"));', quiet_day)
        self.wait(lambda: 'None logged' in self.text('night-episodes'), 'no episodes that night')
        self.tap('#quiet')
        self.wait(lambda: 'quiet night' in self.text('status'), 'the quiet night saved')
        q = diary(self.db, 'night', '--date', quiet_day, '--json')
        self.assertIsNotNone(q, 'the quiet night is recorded')
        self.assertEqual(q.get('night'), quiet_day)

    def test_07_last_nights_edit_and_delete(self):
        self.view('nights')
        self.wait(lambda: len(self.driver.find_elements(By.CSS_SELECTOR, '#nights-list .episode')) >= 3, 'the episode cards')
        before = episodes(self.db)
        first = self.driver.find_elements(By.CSS_SELECTOR, '#nights-list .episode')[0]
        change = first.find_element(By.XPATH, './/button[text()="Change"]')
        change.click()
        inten = self.wait(lambda: first.find_element(By.CSS_SELECTOR, '.edit-form input[type="number"][max="10"]'), 'the edit form')
        # Out of range: the server's own words, no JSON.
        inten.clear()
        inten.send_keys('11')
        first.find_element(By.CSS_SELECTOR, '.edit-form button[type="submit"]').click()
        self.wait(lambda: '11' in self.text('status') and 'ntensity' in self.text('status'), 'the 400 message')
        self.assertNotIn('{', self.text('status'))
        inten.clear()
        inten.send_keys('6')
        first.find_element(By.CSS_SELECTOR, '.edit-form button[type="submit"]').click()
        self.wait_db(lambda e: any(x.get('intensity') == 6 for x in e), 'intensity 6 saved')
        # Delete with a confirm step.
        self.wait(lambda: len(self.driver.find_elements(By.CSS_SELECTOR, '#nights-list .episode')) >= 3, 'the list again')
        card = self.driver.find_elements(By.CSS_SELECTOR, '#nights-list .episode')[-1]
        card.find_element(By.XPATH, './/button[text()="Delete"]').click()
        self.assertEqual(len(episodes(self.db)), len(before), 'nothing deleted before the confirm')
        card.find_element(By.XPATH, './/button[text()="Yes, delete it"]').click()
        self.wait_db(lambda e: len(e) == len(before) - 1, 'one episode deleted')

    def test_08_report(self):
        self.view('report')
        self.wait(lambda: 'not a diagnosis' in self.text('report-analysis'), 'the pattern report')
        self.wait(lambda: 'Episodes:' in self.text('report-summary'), 'the weekly summary')
        for id_ in ('report-analysis', 'report-summary'):
            self.assertNotIn('{', self.text(id_), 'no raw JSON in the report')
        # Each fit is headed by the diary's name for it and its level, as the API words them.
        heads = [h.text for h in self.driver.find_elements(By.CSS_SELECTOR, '#report-analysis h4')]
        served = self.driver.execute_async_script(
            'const done = arguments[arguments.length - 1];'
            'fetch("/api/analysis").then((r) => r.json()).then((d) => done(d.categories), () => done(null));')
        self.assertTrue(served, 'the pattern report lists what the diary fits')
        self.assertEqual(heads, [c['name'][0].upper() + c['name'][1:] + ': ' + c['level_words'] for c in served])
        self.wait(lambda: self.driver.execute_script(
            'const i = document.getElementById("chart"); return i.complete && i.naturalWidth > 0;'), 'the chart image')
        width = self.driver.execute_script('return document.documentElement.scrollWidth')
        self.assertLessEqual(width, 390, 'the page itself does not scroll sideways')
        self.view('now')

    def test_09_dark_by_default_no_white_flash_and_the_toggle(self):
        self.dark('dark')
        self.open(self.driver.current_url)
        lum, rgb = self.background()
        self.assertLess(lum, 0.1, 'dark background when the phone prefers dark: ' + rgb)
        # At first paint, before any script: the stylesheet in <head> alone makes <html> dark.
        self.driver.execute_cdp_cmd('Emulation.setScriptExecutionDisabled', {'value': True})
        try:
            self.driver.get(self.driver.current_url)
            lum, rgb = self.background()
            self.assertLess(lum, 0.1, 'dark <html> without scripts: ' + rgb)
            self.assertTrue(self.driver.execute_script(
                'const l = document.head.querySelector("link[rel=stylesheet]"); return !!l && l.sheet !== null;'))
        finally:
            self.driver.execute_cdp_cmd('Emulation.setScriptExecutionDisabled', {'value': False})
        # Light when the phone prefers light; the toggle overrides and is remembered.
        self.dark('light')
        self.open(self.driver.current_url)
        self.assertGreater(self.background()[0], 0.8)
        self.tap('#theme-toggle')
        self.wait(lambda: self.background()[0] < 0.1, 'the dark screen after the toggle')
        self.open(self.driver.current_url)
        self.assertLess(self.background()[0], 0.1, 'the chosen dark screen is remembered')
        self.tap('#theme-toggle')
        self.wait(lambda: self.background()[0] > 0.8, 'the light screen again')
        self.driver.execute_script('localStorage.removeItem("diary.theme")')
        self.dark('dark')
        self.open(self.driver.current_url)

    def test_10_outbox_keeps_taps_while_the_server_is_down(self):
        before = len(episodes(self.db))
        port = self.server.port
        self.assertEqual(self.server.stop(), 0, 'diary serve exits 0 on SIGTERM')
        self.tap('#log')
        self.wait(lambda: '1 tap' in self.text('outbox'), '1 waiting')
        self.tap('#log')
        self.wait(lambda: '2 taps are waiting' in self.text('outbox'), '2 waiting')
        # A detail for the waiting episode travels with it (no third tap waiting).
        self.toggle('#detail-groups', 'foot')
        self.assertIn('2 taps are waiting', self.text('outbox'))
        self.assertEqual(len(episodes(self.db)), before)
        type(self).server = Server(self.db, port)
        # Sent on the retry interval; if the restarted server forgot the session, opening its
        # new address (as the page asks) pairs again and sends them on load.
        self.wait(lambda: not self.shown('outbox') or self.shown('unpaired'), 'the outbox to empty', timeout=30)
        if self.shown('outbox'):
            self.open(self.server.address)
            self.wait(lambda: not self.shown('outbox'), 'the outbox to empty after pairing again', timeout=30)
        eps = self.wait_db(lambda e: len(e) == before + 2, 'exactly the two waiting episodes')
        self.assertEqual(max(eps, key=lambda x: x['id']).get('locations'), ['foot'])
        time.sleep(1)   # nothing sent twice, even a moment later
        self.assertEqual(len(episodes(self.db)), before + 2)
        self.assertEqual(self.driver.execute_script('return localStorage.getItem("diary.outbox")'), '[]')

    def test_11_without_a_session_or_code_the_page_says_what_to_do(self):
        self.driver.delete_all_cookies()
        self.driver.execute_script('localStorage.clear()')
        self.open('http://127.0.0.1:%d/' % self.server.port)
        self.wait(lambda: self.shown('unpaired'), 'the not-connected message')
        self.assertIn('diary serve', self.text('unpaired'))
        self.assertFalse(self.el('#log').is_displayed(), 'no buttons that cannot work')

    def test_12_no_content_security_policy_errors(self):
        logs = self.driver.get_log('browser')
        bad = [x['message'] for x in logs if 'Content Security Policy' in x.get('message', '')
               or 'Uncaught' in x.get('message', '')]
        self.assertEqual(bad, [])


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0]], verbosity=2)

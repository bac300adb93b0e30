#!/usr/bin/env python3
"""browser_check.py CHROMIUM REPORT_HTML PDF_OUT MIN_PAGES MAX_PAGES ROWS NAME...

Opens a report.html in headless Chromium, driven over the DevTools protocol on
--remote-debugging-pipe (fd 3 in, fd 4 out, messages ended by NUL), and checks what a
reader gets: the findings table has ROWS rows, the chart is there, every NAME shows as
text, no console message or error, no network request but the page itself, no script
element and no dialog (a name that ran alert() would open one), and the page printed to
PDF (Page.printToPDF, the report's own @page rules) has MIN_PAGES..MAX_PAGES pages.
Prints one line per failed check; exits 0 when all hold, 1 otherwise."""
import base64, json, os, re, select, shutil, subprocess, sys, tempfile, time


class DevTools:
    def __init__(self, chromium, profile):
        self.to_browser_r, self.to_browser_w = os.pipe()
        self.from_browser_r, self.from_browser_w = os.pipe()
        keep = (self.to_browser_r, self.from_browser_w)

        def as_fd_3_and_4():
            # Pipes are made close-on-exec, and dup2 onto the same number keeps that flag.
            low, high = os.dup(keep[0]), os.dup(keep[1])
            os.dup2(low, 3)
            os.dup2(high, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe',
             '--user-data-dir=' + profile, '--no-first-run', 'about:blank'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=as_fd_3_and_4)
        os.close(self.to_browser_r)
        os.close(self.from_browser_w)
        self.buffer = b''
        self.next_id = 0
        self.events = []

    def _read_message(self, deadline):
        while b'\0' not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_browser_r], [], [], left)[0]:
                raise TimeoutError('no answer from Chromium')
            chunk = os.read(self.from_browser_r, 1 << 20)
            if not chunk:
                raise EOFError('Chromium closed the DevTools pipe')
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b'\0', 1)
        return json.loads(message)

    def call(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        request = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session:
            request['sessionId'] = session
        os.write(self.to_browser_w, json.dumps(request).encode() + b'\0')
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if message.get('id') == self.next_id:
                if 'error' in message:
                    raise RuntimeError('%s: %s' % (method, message['error']))
                return message.get('result', {})
            self.events.append(message)

    def wait_for(self, method, timeout=60):
        deadline = time.monotonic() + timeout
        while not any(e.get('method') == method for e in self.events):
            message = self._read_message(deadline)
            self.events.append(message)
            # A dialog (alert() run from a name) blocks the page until it is answered.
            if message.get('method') == 'Page.javascriptDialogOpening':
                self.call('Page.handleJavaScriptDialog', {'accept': True}, session=message.get('sessionId'))

    def close(self):
        self.proc.kill()
        self.proc.wait()


def main():
    chromium, html, pdf_out, min_pages, max_pages, rows = sys.argv[1:7]
    names = sys.argv[7:]
    url = 'file://' + os.path.abspath(html)
    profile = tempfile.mkdtemp(prefix='shellcarve-browser-')
    failures = []
    tools = DevTools(chromium, profile)
    try:
        target = tools.call('Target.createTarget', {'url': 'about:blank'})['targetId']
        session = tools.call('Target.attachToTarget', {'targetId': target, 'flatten': True})['sessionId']
        for domain in ('Page', 'Runtime', 'Log', 'Network'):
            tools.call(domain + '.enable', session=session)
        tools.events.clear()
        tools.call('Page.navigate', {'url': url}, session=session)
        tools.wait_for('Page.loadEventFired')
        seen = tools.call('Runtime.evaluate', {'returnByValue': True, 'expression': '''JSON.stringify({
            rows: document.querySelectorAll('table.findings tr.finding-row').length,
            chart: document.querySelectorAll('svg.chart rect.bar').length,
            marks: document.querySelectorAll('svg.chart path.mark').length,
            scripts: document.querySelectorAll('script').length,
            images: document.querySelectorAll('img').length,
            handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
            styled: getComputedStyle(document.querySelector('.badge')).fontWeight,
            text: document.body.innerText})'''}, session=session)['result']['value']
        seen = json.loads(seen)
        pdf = base64.b64decode(tools.call('Page.printToPDF', {'preferCSSPageSize': True}, session=session,
                                          timeout=120)['data'])
        with open(pdf_out, 'wb') as out:
            out.write(pdf)
        for event in tools.events:
            method, params = event.get('method', ''), event.get('params', {})
            if method == 'Runtime.consoleAPICalled':
                failures.append('console message: %s' % json.dumps(params.get('args'))[:300])
            elif method == 'Runtime.exceptionThrown':
                failures.append('script exception: %s' % json.dumps(params)[:300])
            elif method == 'Log.entryAdded':
                failures.append('console %s: %s' % (params['entry'].get('level'), params['entry'].get('text', '')[:300]))
            elif method == 'Page.javascriptDialogOpening':
                failures.append('a dialog opened (script ran): %s' % params.get('message'))
            elif method == 'Network.requestWillBeSent' and params['request']['url'] != url:
                failures.append('network request: %s' % params['request']['url'][:300])
    finally:
        tools.close()
        shutil.rmtree(profile, ignore_errors=True)

    if seen['rows'] != int(rows):
        failures.append('findings table: %d rows, expected %s' % (seen['rows'], rows))
    if seen['chart'] < 1 or seen['marks'] < 1:
        failures.append('chart: %d bars, %d finding marks' % (seen['chart'], seen['marks']))
    if seen['scripts'] or seen['images'] or seen['handlers']:
        failures.append('markup from a name: %d script, %d img, %d event-handler elements'
                        % (seen['scripts'], seen['images'], seen['handlers']))
    if seen['styled'] not in ('700', 'bold'):
        failures.append('the stylesheet was not applied (CSP hash?): badge font-weight %s' % seen['styled'])
    for name in names:
        if name not in seen['text']:
            failures.append('not shown as text: %r' % name)
    pages = len(re.findall(rb'/Type\s*/Page\b(?!s)', pdf))
    if not int(min_pages) <= pages <= int(max_pages):
        failures.append('PDF: %d pages, expected %s..%s' % (pages, min_pages, max_pages))
    print('browser_check: %d findings rows, %d chart bars, %d marks, PDF %d pages' %
          (seen['rows'], seen['chart'], seen['marks'], pages))
    for failure in failures:
        print('FAIL: ' + failure)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())

// "Check label config" in place: the form is posted to the page's Check handler, which answers the
// check alone, shown under the config without reloading the form. Without this script the button
// posts the whole form to the Preview handler and the page comes back with the same check.
(function () {
    const button = document.querySelector('button[formaction*="handler=Preview"]');
    const target = document.getElementById('label-config-check');
    if (!button || !target) return;
    button.addEventListener('click', async function (event) {
        event.preventDefault();
        const form = button.form;
        const url = new URL(form.action, location.href);
        url.searchParams.set('handler', 'Check');
        try {
            const response = await fetch(url, { method: 'POST', body: new FormData(form), credentials: 'same-origin' });
            if (response.ok && !response.redirected) {
                target.innerHTML = await response.text();
                return;
            }
        } catch (e) {
            // Offline or the server restarting: fall back to the ordinary post below.
        }
        form.requestSubmit(button);
    });
})();

// Keeps the project page's progress section current without a reload: every few seconds it asks the
// page for the section again (rendered on the server, charts included) and swaps it in. A failed
// request leaves the figures shown; the next one tries again.
(function () {
    const section = document.getElementById('progress');
    if (!section) return;
    const url = section.dataset.refreshUrl;
    const seconds = Number(section.dataset.refreshSeconds) || 15;
    async function refresh() {
        try {
            const response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
            // A redirect means the sign-in ended (it lands on the sign-in page): keep the figures, the next click asks to sign in.
            if (response.ok && !response.redirected) section.innerHTML = await response.text();
        } catch (e) {
            // Offline or the server restarting: keep what is shown.
        }
    }
    setInterval(refresh, seconds * 1000);
})();

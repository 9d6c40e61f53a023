// Keeps a page's live sections current without a reload: every few seconds each element with a
// data-refresh-url asks the server for its content again (rendered there, charts included) and swaps
// it in. A failed request leaves what is shown; the next one tries again.
(function () {
    for (const section of document.querySelectorAll('[data-refresh-url]')) {
        const url = section.dataset.refreshUrl;
        const seconds = Number(section.dataset.refreshSeconds) || 15;
        async function refresh() {
            try {
                const response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
                // A redirect means the sign-in ended (it lands on the sign-in page): keep what is shown, the next click asks to sign in.
                if (response.ok && !response.redirected) section.innerHTML = await response.text();
            } catch (e) {
                // Offline or the server restarting: keep what is shown.
            }
        }
        setInterval(refresh, seconds * 1000);
    }
})();

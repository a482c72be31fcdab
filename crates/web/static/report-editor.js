// AR-14: the similarity of each written part to last year's, measured by the
// server (the same measure the validation uses) while the writer types.
(function () {
  var form = document.getElementById('report-form');
  if (!form) { return; }
  var url = form.dataset.similarity;
  var token = form.querySelector('input[name=_csrf]').value;
  var timers = {};
  form.querySelectorAll('textarea.report-part').forEach(function (area) {
    area.addEventListener('input', function () {
      var part = area.dataset.part;
      clearTimeout(timers[part]);
      timers[part] = setTimeout(function () {
        var body = new URLSearchParams({ part: part, text: area.value, _csrf: token });
        fetch(url, { method: 'POST', body: body, credentials: 'same-origin' })
          .then(function (r) { return r.json(); })
          .then(function (j) {
            var out = document.getElementById('similarity' + (Number(part) + 1));
            out.textContent = j.message;
            out.classList.toggle('bad', j.over);
          });
      }, 300);
    });
  });
})();

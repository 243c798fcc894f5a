// The desk works without this script; it only refreshes the progress table and lets a
// workbook be dropped onto the upload form.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (live && live.dataset.src) {
    var refresh = function () {
      fetch(live.dataset.src, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { if (live.innerHTML !== html) { live.innerHTML = html; } })
        .catch(function () {})
        .finally(function () { setTimeout(refresh, 3000); });
    };
    setTimeout(refresh, 3000);
  }
  var form = document.getElementById("upload");
  if (form) {
    var input = form.querySelector("input[type=file]");
    var drop = form.querySelector(".drop");
    ["dragenter", "dragover"].forEach(function (e) {
      drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (e) {
      drop.addEventListener(e, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (ev) {
      ev.preventDefault();
      if (ev.dataTransfer && ev.dataTransfer.files.length) {
        input.files = ev.dataTransfer.files;
        form.submit();
      }
    });
    form.addEventListener("submit", function () {
      var b = form.querySelector("button");
      b.disabled = true;
      b.textContent = "正在检查……";
    });
  }
})();

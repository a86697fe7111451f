"""The benchmark's models: one unfitted estimator per model name, and what a result depends on.

A model is a pipeline from DNA strings (``OneHotDNA`` then the classifier), or
DeepBind's calibration search in a full run.  Its settings (quick or not, the
seed, the classifier parameters, the search draws) are stored beside every
result so that a rerun reads a result only when it asked for the same.
"""

import json
import urllib.parse

from sklearn.pipeline import Pipeline

from ..classifier import DeepMotifClassifier
from ..deepbind import _ESTIMATORS, DeepBindClassifier, deepbind_search
from ..one_hot import OneHotDNA

#: ``quick=True`` trains at most this many epochs per model (per fit of a search):
#: DeMo's default budget, so a quick DeMo model is a default one.
QUICK_MAX_EPOCHS = 15
#: Folds of DeepBind's calibration search.
SEARCH_CV = 3
#: Draws of DeepBind's calibration search in a full (not quick) run.
FULL_SEARCH_ITER = 30


def _make_model(name, quick, random_state, search_iter, params):
    """The unfitted estimator of one model name: a pipeline from DNA strings."""
    params = {"random_state": random_state, "verbose": 0, **params}
    if quick:
        default_epochs = _ESTIMATORS[name]().max_epochs
        params["max_epochs"] = min(params.get("max_epochs", default_epochs), QUICK_MAX_EPOCHS)
    if name == "demo":
        return Pipeline([("onehot", OneHotDNA()), ("clf", DeepMotifClassifier(**params))])
    if search_iter:
        return deepbind_search(n_iter=search_iter, cv=SEARCH_CV, **params)
    return Pipeline([("onehot", OneHotDNA()), ("clf", DeepBindClassifier(**params))])


def _search_iter(search_iter, quick):
    """Draws of DeepBind's search: ``None`` means none in a quick run, 30 in a full one."""
    if search_iter is None:
        return 0 if quick else FULL_SEARCH_ITER
    return int(search_iter)


def _model_settings(model, quick, random_state, search_iter, params):
    """What a finished result depends on, as stored beside it (JSON values)."""
    settings = {
        "quick": bool(quick),
        "random_state": int(random_state),
        "params": json.loads(json.dumps(params)),
    }
    if model == "deepbind":
        settings["search_iter"] = search_iter
    return settings


def _file_stem(experiment, model):
    """``<experiment>.<model>``, the name percent-encoded: one file name per experiment name."""
    return f"{urllib.parse.quote(experiment, safe='()+,=@')}.{model}"

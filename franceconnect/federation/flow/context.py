"""What every page needs to know of the federation: whether this browser has a single sign-on,
so that the layout offers « Se déconnecter »."""

from franceconnect.federation import state


def single_sign_on(request):
    return {"portal_signed_in": state.single_sign_on_present(request)}
